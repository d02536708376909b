/* The PSA status type and codes, for Mbed TLS's "native ITS" build (MBEDTLS_PSA_ITS_FILE_C off):
 * keybench's internal trusted storage (core/psa/its.h) provides psa_its_*, so Mbed TLS includes
 * this header and psa/internal_trusted_storage.h instead of its own file-based ITS. */
#ifndef KEYBENCH_PSA_ERROR_H
#define KEYBENCH_PSA_ERROR_H

#include "psa/crypto_types.h"
#include "psa/crypto_values.h"

#endif /* KEYBENCH_PSA_ERROR_H */
