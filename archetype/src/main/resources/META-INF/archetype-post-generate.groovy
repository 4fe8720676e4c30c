// Checks the generation properties: batch mode (-B) skips archetype-metadata.xml's validationRegex.
// On a bad value it removes the half-generated project, so that the same command can be rerun.
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.Comparator

def props = request.properties
def problems = []

def name = props.getProperty('provisionerName') ?: ''
if (!(name ==~ /[a-z0-9]+([._-][a-z0-9]+)*/)) {
  problems << "provisionerName '${name}' is not a valid image name: use lower-case letters, digits and single '-', '_' or '.' between them, e.g. -DprovisionerName=dns-records"
}

def javaKeywords = ['abstract', 'assert', 'boolean', 'break', 'byte', 'case', 'catch', 'char', 'class',
  'const', 'continue', 'default', 'do', 'double', 'else', 'enum', 'extends', 'final', 'finally', 'float',
  'for', 'goto', 'if', 'implements', 'import', 'instanceof', 'int', 'interface', 'long', 'native', 'new',
  'package', 'private', 'protected', 'public', 'return', 'short', 'static', 'strictfp', 'super', 'switch',
  'synchronized', 'this', 'throw', 'throws', 'transient', 'try', 'void', 'volatile', 'while', 'true',
  'false', 'null', '_'] as Set
def pkg = props.getProperty('package') ?: ''
def badSegment = pkg.split('\\.', -1).find { !(it ==~ /[A-Za-z_$][A-Za-z0-9_$]*/) || javaKeywords.contains(it) }
if (pkg.isEmpty() || badSegment != null) {
  problems << "package '${pkg}' is not a Java package name (bad part: '${badSegment ?: ''}'): use dot-separated identifiers, e.g. -Dpackage=com.example.provisioner"
}

def artifactId = props.getProperty('artifactId') ?: ''
if (!(artifactId ==~ /[A-Za-z0-9_.-]+/)) {
  problems << "artifactId '${artifactId}' may contain only letters, digits, '_', '.' and '-', e.g. -DartifactId=dns-provisioner"
}

def sdkVersion = props.getProperty('sdkVersion') ?: ''
if (sdkVersion.isBlank()) {
  problems << "sdkVersion is empty: pass the Provisioner SDK version, e.g. -DsdkVersion=${request.archetypeVersion}"
}

if (!problems.isEmpty()) {
  Path project = Paths.get(request.outputDirectory, artifactId)
  if (artifactId ==~ /[A-Za-z0-9_.-]+/ && !(artifactId ==~ /\.+/) && Files.isDirectory(project)) {
    Files.walk(project).sorted(Comparator.reverseOrder()).forEach { Files.delete(it) }
  }
  throw new IllegalArgumentException(
      "Cannot generate the provisioner project:\n  - " + problems.join("\n  - ")
      + "\nNothing was generated; rerun mvn archetype:generate with corrected -D values.")
}

// Git does not keep empty directories and the archetype drops no executable bit: restore it.
Path entrypoint = Paths.get(request.outputDirectory, artifactId, 'src/main/jib/usr/local/bin/entrypoint.sh')
if (Files.exists(entrypoint)) {
  entrypoint.toFile().setExecutable(true, false)
}
