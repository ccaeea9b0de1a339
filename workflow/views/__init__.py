"""Pages of the office (组委会办公室), the committee (组委会) and the public for the procedure."""
