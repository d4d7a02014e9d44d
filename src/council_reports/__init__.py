"""council-reports: rebuild a council's statutory annual reports from source data.

Importing the package is cheap and has no side effects; heavy libraries (pandas, papermill)
load only when a build needs them.
"""

__version__ = "0.1.0"
