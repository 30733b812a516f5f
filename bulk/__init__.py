"""
Every write of many records at once: the CSV import of events, the archive
(export_data, import_data), the demo loader and the benchmark's generator,
with their commands and the admin's import page.
"""
