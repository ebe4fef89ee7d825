"""soumnet agent: measures this machine and the office network, keeps reports for the hub."""
