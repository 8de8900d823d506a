"""Reading files into plain data (parse and validate everything first), then
writing them through the core in one transaction.  Qt-free."""
