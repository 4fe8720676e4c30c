package ${package};

/**
 * The bundle's params ({@code params.json}) this provisioner reads; other fields, such as {@code
 * md_metadata}, are ignored. Declare them in the bundle's {@code massdriver.yaml} too.
 *
 * @param size the size of what is deployed
 * @param replicas how many copies to run
 */
record Params(String size, int replicas) {}
