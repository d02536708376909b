#pragma once
/* kb_psa_recover(): finishes what a power cut interrupted in Mbed TLS's key store, before
 * psa_crypto_init. Mbed TLS 2.28 writes a transaction record (ITS UID 0xFFFFFF74) before it
 * touches a secure element and removes it at the end; a record found at boot makes psa_crypto_init
 * fail on every boot (PSA_ERROR_DATA_INVALID in 2.28; STORAGE_FAILURE in the mbed-crypto of fact
 * sheet A2.5), since its recovery is unimplemented. This does what the PSA storage specification intends:
 *   CREATE_KEY  rolled back: the driver's p_destroy on the recorded slot, the driver data saved,
 *               the key file removed if it is the one the record created (same lifetime and
 *               slot; a key file of another slot is an older key of that id and is kept), the
 *               record removed;
 *   DESTROY_KEY finished: p_destroy, driver data saved, key file removed, record removed.
 * Call it after installing the ITS and before psa_crypto_init, with each driver the application
 * registers. A record of a location not given is left alone (PSA_ERROR_NOT_SUPPORTED), and so is
 * one whose p_destroy failed (the error is returned; the next boot tries again). */
#include <psa/crypto.h>
#include <psa/crypto_se_driver.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  KB_PSA_RECOVERY_NONE = 0, /* no record: nothing was interrupted */
  KB_PSA_RECOVERY_CREATE_ROLLED_BACK = 1,
  KB_PSA_RECOVERY_DESTROY_FINISHED = 2,
} kb_psa_recovery_action_t;

typedef struct {
  psa_key_location_t location;
  const psa_drv_se_t* driver;
} kb_psa_recover_driver_t;

typedef struct {
  kb_psa_recovery_action_t action;
  psa_key_id_t key_id;
  psa_key_lifetime_t lifetime;
  uint64_t slot;
  int key_file_removed; /* 1 when the record's key file was removed */
} kb_psa_recovery_t;

psa_status_t kb_psa_recover(const kb_psa_recover_driver_t* drivers, size_t count, kb_psa_recovery_t* report);

#ifdef __cplusplus
}
#endif
