/*
 * This file declares the process-wide GDAL setup. main() calls it once, before any thread.
 */
#ifndef IMP_GDAL_INIT_H
#define IMP_GDAL_INIT_H

/** Registers GDAL's drivers and sets quiet error handling (messages are read with
 *  CPLGetLastErrorMsg() at each call site). Idempotent; not thread-safe: call from main(). */
void imp_gdal_init(void);

/** Releases GDAL's global state at exit. */
void imp_gdal_cleanup(void);

#endif
