// "Bring your tool": a generated project with a Python tool in tools/ builds an image in which the
// tool is executable and runs. After the generated build (goal.txt), this puts a Python script in
// tools/ with mode 644, builds the image as a tar with Jib on an empty base (scratch: no registry
// is needed), checks the tool's entry in the layer is -rwxr-xr-x, and runs it from the unpacked
// layer when the host has python3.
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.TimeUnit

// basedir is this IT's directory; the generated project is project/<artifactId> under it.
Path project = Paths.get(basedir.toString()).resolve('project/dns-provisioner')
assert Files.isRegularFile(project.resolve('pom.xml')) : "no generated project at ${project}"
Path tool = project.resolve('tools/dns-tool.py')
Files.writeString(tool, '#!/usr/bin/env python3\nimport json, sys\nprint(json.dumps({"zone": sys.argv[1], "records": 2}))\n')
Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString('rw-r--r--'))

// The same Maven, repository and settings as the generated build.
Path archetypeTarget = project
while (archetypeTarget != null && !Files.isDirectory(archetypeTarget.resolve('it-repo'))) {
  archetypeTarget = archetypeTarget.parent
}
assert archetypeTarget != null : "no it-repo above ${project}"
List<String> command = [Paths.get(System.getProperty('maven.home'), 'bin', 'mvn').toString(), '-B', '-ntp',
    "-Dmaven.repo.local=${archetypeTarget.resolve('it-repo')}".toString()]
Path settings = Files.walk(archetypeTarget, 6)
    .filter { it.fileName.toString().startsWith('interpolated-') && it.fileName.toString().endsWith('settings.xml') }
    .findFirst().orElse(null)
if (settings != null) {
  command += ['-s', settings.toString()]
}
// A tarball holds one image: one of the generated project's two platforms, as docs/images.md says.
command += ['jib:buildTar', '-Djib.from.image=scratch', '-Djib.from.platforms=linux/amd64']
Path log = project.resolve('target/jib-build.log')
Process build = new ProcessBuilder(command).directory(project.toFile())
    .redirectErrorStream(true).redirectOutput(log.toFile()).start()
assert build.waitFor(5, TimeUnit.MINUTES) : 'jib:buildTar did not finish in 5 minutes'
assert build.exitValue() == 0 : "jib:buildTar failed (${command}):\n" + Files.readString(log)

// The image tar holds one .tar.gz per layer; find the tool's entry and unpack it.
Path image = project.resolve('target/jib-image.tar')
assert Files.isRegularFile(image) : "no ${image}"
Path unpacked = Files.createDirectories(project.resolve('target/image'))
Process untar = new ProcessBuilder('tar', '-xf', image.toString(), '-C', unpacked.toString()).inheritIO().start()
assert untar.waitFor() == 0
String entryName = 'opt/provisioner/tools/dns-tool.py'
String listing = null
Path rootfs = Files.createDirectories(project.resolve('target/rootfs'))
Files.list(unpacked).filter { it.toString().endsWith('.tar.gz') }.sorted().each { layer ->
  Process list = new ProcessBuilder('tar', '-tvzf', layer.toString()).redirectErrorStream(true).start()
  String lines = list.inputStream.text
  assert list.waitFor() == 0 : lines
  String line = lines.readLines().find { it.endsWith(' ' + entryName) || it.endsWith(' /' + entryName) }
  if (line != null) {
    listing = line
    Process extract = new ProcessBuilder('tar', '-xzf', layer.toString(), '-C', rootfs.toString()).inheritIO().start()
    assert extract.waitFor() == 0
  }
}
String mode = listing == null ? null : listing.split(/\s+/)[0]
assert mode != null : "the image has no ${entryName}"
assert mode == '-rwxr-xr-x' : "the image's ${entryName} is ${listing}, expected -rwxr-xr-x"
assert !Files.isExecutable(tool) : 'the check is meaningless: the tool was executable on disk'

boolean hasPython = ['sh', '-c', 'command -v python3'].execute().waitFor() == 0
if (hasPython) {
  Process run = new ProcessBuilder(rootfs.resolve(entryName).toString(), 'example.com').redirectErrorStream(true).start()
  String output = run.inputStream.text
  assert run.waitFor() == 0 : output
  assert output.trim() == '{"zone": "example.com", "records": 2}' : output
  println "dns-tool.py ran from the image's layer: ${output.trim()}"
} else {
  println 'python3 is not installed: the tool was not run (its mode was checked)'
}
return true
