"""Documents people file: a report typed once (`model`) and written as text, HTML, PDF, CSV
or XLSX by one renderer each. Period reports and the auditor's archive report both use it."""
