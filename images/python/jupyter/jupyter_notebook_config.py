# Sandbox's notebook server settings, installed as /etc/jupyter/jupyter_notebook_config.py.
# Kernel activity the idle culler can trust: see sandbox_kernel_activity.py.
c.NotebookApp.kernel_manager_class = "sandbox_kernel_activity.ShellActivityKernelManager"  # noqa: F821 (c is Jupyter's)
