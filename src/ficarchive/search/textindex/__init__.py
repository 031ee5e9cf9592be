"""The archive's own text index: Tantivy (MIT, embedded) in a folder beside the database.

`schema` says what is indexed and how words are cut; `follow` keeps the folder in step with the
database's change log (one writer at a time, any number of readers); `queries` turns a parsed
search into Tantivy queries; `snippets` marks the matched words in the shown works.
"""
