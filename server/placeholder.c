/* This file keeps the server library non-empty until its modules land (issue #6). */
int srv_placeholder(void);
int srv_placeholder(void) { return 0; }
