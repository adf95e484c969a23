/* This file keeps the importers library non-empty until its modules land (issue #3). */
int imp_placeholder(void);
int imp_placeholder(void) { return 0; }
