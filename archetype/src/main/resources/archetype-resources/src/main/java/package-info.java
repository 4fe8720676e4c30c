/** The ${provisionerName} provisioner: its wiring ({@link ${package}.Main}) and one handler per action. */
package ${package};
