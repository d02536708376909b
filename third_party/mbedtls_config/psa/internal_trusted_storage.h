/* PSA Internal Trusted Storage API 1.0 (psa_its_*), as implemented by keybench (core/psa/its.cc)
 * over a small storage interface: a region of MCU flash on the simulator and the board, files
 * with atomic replace on a Linux host. Mbed TLS's storage layer calls these. */
#ifndef KEYBENCH_PSA_INTERNAL_TRUSTED_STORAGE_H
#define KEYBENCH_PSA_INTERNAL_TRUSTED_STORAGE_H

#include <stddef.h>
#include <stdint.h>

#include "psa/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t psa_storage_create_flags_t;
typedef uint64_t psa_storage_uid_t;

#define PSA_STORAGE_FLAG_NONE 0u
#define PSA_STORAGE_FLAG_WRITE_ONCE (1u << 0)

struct psa_storage_info_t {
  uint32_t size;
  psa_storage_create_flags_t flags;
};

/* Creates or replaces uid's data whole. WRITE_ONCE entries refuse replacement (NOT_PERMITTED). */
psa_status_t psa_its_set(psa_storage_uid_t uid, uint32_t data_length, const void* p_data,
                         psa_storage_create_flags_t create_flags);
/* Reads data_length bytes from data_offset; offset + length beyond the data is INVALID_ARGUMENT,
 * a missing uid DOES_NOT_EXIST. */
psa_status_t psa_its_get(psa_storage_uid_t uid, uint32_t data_offset, uint32_t data_length, void* p_data,
                         size_t* p_data_length);
psa_status_t psa_its_get_info(psa_storage_uid_t uid, struct psa_storage_info_t* p_info);
psa_status_t psa_its_remove(psa_storage_uid_t uid);

#ifdef __cplusplus
}
#endif

#endif /* KEYBENCH_PSA_INTERNAL_TRUSTED_STORAGE_H */
