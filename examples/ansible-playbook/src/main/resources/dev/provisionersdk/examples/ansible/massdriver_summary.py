# Part of the Ansible provisioner example of the Provisioner SDK (examples/ansible-playbook).
# Writes the play recap (ok/changed/failed/unreachable/... per host) and the run's set_stats data
# as JSON to the file named by MASSDRIVER_ANSIBLE_SUMMARY, for the provisioner to read instead of
# parsing Ansible's text output. It needs no enabling: the provisioner puts it on
# ANSIBLE_CALLBACK_PLUGINS, and the stdout callback stays Ansible's default.
from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: massdriver_summary
type: aggregate
short_description: writes the play recap and set_stats data as JSON for the Massdriver provisioner
description:
  - At the end of a playbook, writes per-host statistics and the data of set_stats (per_host false)
    to the file named by the environment variable MASSDRIVER_ANSIBLE_SUMMARY.
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "massdriver_summary"
    CALLBACK_NEEDS_ENABLED = False

    def v2_playbook_on_stats(self, stats):
        path = os.environ.get("MASSDRIVER_ANSIBLE_SUMMARY")
        if not path:
            return
        summary = {
            "hosts": {host: stats.summarize(host) for host in sorted(stats.processed)},
            "outputs": stats.custom.get("_run", {}),
        }
        partial = path + ".partial"
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as out:
            json.dump(summary, out, default=str)
        os.replace(partial, path)
