#ifndef KEYBENCH_TESTS_PSA_FACTORY_CALLS_H
#define KEYBENCH_TESTS_PSA_FACTORY_CALLS_H

#include <psa/crypto.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct kb_c_factory_result {
  psa_key_id_t generated_id;
  uint8_t public16[65];
  uint8_t public18[65];
  uint8_t hash[32];
  uint8_t signature16[64];
  uint8_t signature18[64];
};

/* 0, or the first PSA status that was not PSA_SUCCESS. */
int kb_c_factory_calls(struct kb_c_factory_result* out);

#ifdef __cplusplus
}
#endif

#endif
