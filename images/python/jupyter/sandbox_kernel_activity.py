"""Kernel activity that Sandbox's idle culler can trust.

The culler stops a notebook that has been idle for too long and never one whose kernel is busy. It learns both from
``GET api/kernels`` (``execution_state`` and ``last_activity``), which Jupyter Notebook 6.4 derives from every status
message on a kernel's IOPub channel. But a kernel also publishes ``busy`` then ``idle`` around the housekeeping requests
it answers on its control channel, while a cell keeps running on the shell channel: the server's own "nudge" sends
``kernel_info_request`` on control whenever a browser connects, so a kernel running a long, quiet cell could be
reported idle and be culled mid-computation. (Later Jupyter servers ignore such messages the same way.)

This kernel manager follows the kernel only through messages caused by real work: replies to, and status around,
housekeeping requests neither change ``execution_state`` nor count as activity.
"""

from jupyter_client.session import Session
from notebook._tz import utcnow
from notebook.services.kernels.kernelmanager import MappingKernelManager

HOUSEKEEPING_REQUESTS = frozenset({
    "kernel_info_request",
    "comm_info_request",
    "interrupt_request",
    "shutdown_request",
    "debug_request",
    "usage_request",
})


def is_housekeeping(message):
    """Whether an IOPub message was caused by a housekeeping request rather than by running code."""
    return message.get("parent_header", {}).get("msg_type", "") in HOUSEKEEPING_REQUESTS


class ShellActivityKernelManager(MappingKernelManager):
    """Jupyter's kernel manager, with activity and execution state taken from work only (see the module's text)."""

    def start_watching_activity(self, kernel_id):
        super().start_watching_activity(kernel_id)
        kernel = self._kernels[kernel_id]
        session = Session(config=kernel.session.config, key=kernel.session.key)

        def record_activity(msg_list):
            _, fed_msg_list = session.feed_identities(msg_list)
            message = session.deserialize(fed_msg_list)
            msg_type = message["header"]["msg_type"]
            if is_housekeeping(message):
                self.log.debug("housekeeping on %s: %s", kernel_id, msg_type)
                return

            self.last_kernel_activity = kernel.last_activity = utcnow()
            if msg_type == "status":
                kernel.execution_state = message["content"]["execution_state"]
            self.log.debug("activity on %s: %s (%s)", kernel_id, msg_type, kernel.execution_state)

        # One receive callback per stream: this one replaces the one the base class registered.
        kernel._activity_stream.on_recv(record_activity)
