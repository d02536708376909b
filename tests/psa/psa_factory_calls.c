/* The factory provisioning application's PSA calls, written in C as a user of the reference
 * writes them (fact sheet A4.3): register the driver by its C table, init, register the factory
 * key, generate a key in the SE, export both public keys, sign with each. The C++ test
 * (psa_c_api_test.cc) sets up the bench, the ITS and the chip, then calls this. */
#include <psa/crypto.h>
#include <psa/crypto_se_driver.h>
#include <string.h>

#include "tests/psa/psa_factory_calls.h"

extern const psa_drv_se_t kb_atecc608a_se_driver;

#define KB_C_LOCATION ((psa_key_location_t)0xF0)
#define KB_C_LIFETIME PSA_KEY_LIFETIME_FROM_PERSISTENCE_AND_LOCATION(PSA_KEY_PERSISTENCE_DEFAULT, KB_C_LOCATION)

static void set_attributes(psa_key_attributes_t* a, psa_key_id_t id, psa_key_slot_number_t slot) {
  *a = psa_key_attributes_init();
  psa_set_key_id(a, id);
  psa_set_key_lifetime(a, KB_C_LIFETIME);
  psa_set_key_slot_number(a, slot);
  psa_set_key_type(a, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
  psa_set_key_bits(a, 256);
  psa_set_key_algorithm(a, PSA_ALG_ECDSA(PSA_ALG_SHA_256));
  psa_set_key_usage_flags(a, PSA_KEY_USAGE_SIGN_HASH);
}

int kb_c_factory_calls(struct kb_c_factory_result* out) {
  psa_key_attributes_t a;
  psa_key_id_t generated = 0;
  psa_status_t s;
  uint8_t hash[32];
  size_t len = 0;
  int i;

  memset(out, 0, sizeof *out);
  s = psa_register_se_driver(KB_C_LOCATION, &kb_atecc608a_se_driver);
  if (s != PSA_SUCCESS) return (int)s;
  s = psa_crypto_init();
  if (s != PSA_SUCCESS) return (int)s;
  set_attributes(&a, 16, 0);
  s = mbedtls_psa_register_se_key(&a);
  if (s != PSA_SUCCESS) return (int)s;
  set_attributes(&a, 18, 2);
  s = psa_generate_key(&a, &generated);
  if (s != PSA_SUCCESS) return (int)s;
  out->generated_id = generated;
  s = psa_export_public_key(16, out->public16, sizeof out->public16, &len);
  if (s != PSA_SUCCESS || len != sizeof out->public16) return (int)s;
  s = psa_export_public_key(18, out->public18, sizeof out->public18, &len);
  if (s != PSA_SUCCESS || len != sizeof out->public18) return (int)s;
  for (i = 0; i < 32; ++i) hash[i] = (uint8_t)(i * 3 + 1);
  memcpy(out->hash, hash, sizeof hash);
  s = psa_sign_hash(16, PSA_ALG_ECDSA(PSA_ALG_SHA_256), hash, sizeof hash, out->signature16, sizeof out->signature16,
                    &len);
  if (s != PSA_SUCCESS || len != sizeof out->signature16) return (int)s;
  s = psa_sign_hash(18, PSA_ALG_ECDSA(PSA_ALG_SHA_256), hash, sizeof hash, out->signature18, sizeof out->signature18,
                    &len);
  if (s != PSA_SUCCESS || len != sizeof out->signature18) return (int)s;
  return 0;
}
