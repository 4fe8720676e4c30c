/** A provisioner that runs the step's Ansible playbook with {@code ansible-playbook}. */
package dev.provisionersdk.examples.ansible;
