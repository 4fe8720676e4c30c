package dev.provisionersdk.internal;

/** The five JSON files Massdriver writes into the input directory. */
public enum InputFile {
  PARAMS("params.json"),
  CONNECTIONS("connections.json"),
  CONFIG("config.json"),
  ENVS("envs.json"),
  SECRETS("secrets.json");

  private final String fileName;

  InputFile(String fileName) {
    this.fileName = fileName;
  }

  /**
   * Returns the file's name, e.g. {@code params.json}.
   *
   * @return the name
   */
  public String fileName() {
    return fileName;
  }
}
