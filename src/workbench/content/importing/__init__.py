"""Importers for notes written outside workbench: CSV/TSV, Anki's text export and packages.

Each importer turns a file into `ImportedFile` (chapters of `NotesSection` topics, the
warnings met on the way, and any media); `dispatch.import_file` picks the importer and
`writer.write_imported` writes the topic files; `batch.import_notes` runs a whole import
(the `import` command and the app's "Import notes…" share it).
"""
