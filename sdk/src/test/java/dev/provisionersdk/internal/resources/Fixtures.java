package dev.provisionersdk.internal.resources;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Copies a fixture directory of src/test/resources into a test's temporary directory. */
final class Fixtures {
  private Fixtures() {}

  static void copy(Path fixture, Path target) throws IOException {
    Files.walkFileTree(
        fixture,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(target.resolve(fixture.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(file, target.resolve(fixture.relativize(file).toString()));
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
