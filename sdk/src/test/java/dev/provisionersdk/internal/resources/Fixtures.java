package dev.provisionersdk.internal.resources;

import dev.provisionersdk.internal.LocalInputs;
import java.io.IOException;
import java.nio.file.Path;

/** Copies a fixture directory of src/test/resources into a test's temporary directory. */
final class Fixtures {
  private Fixtures() {}

  static void copy(Path fixture, Path target) throws IOException {
    LocalInputs.copyTree(fixture, target);
  }
}
