"""The scorecard's private parts (rows and loader, the build, the charts, the page)."""
