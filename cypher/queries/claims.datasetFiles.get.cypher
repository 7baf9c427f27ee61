// The content hashes recorded for dataset files, by origin name.
UNWIND $paths AS path
MATCH (f:DatasetFile {path: path})
RETURN f.path AS path, f.hash AS hash
