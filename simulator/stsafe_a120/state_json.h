#pragma once
// The JSON form of the chip's persistent state (fixture "state" and keybench state files):
//   { "life_cycle": "operational",   // born | patching | operational | terminated | born_locked | operational_locked
//     "random_seed": 0, "random_counter": 0,
//     "product_data": "<hex TLVs>",
//     "i2c": {"address": "0x20", "lock": false, "low_power_mode": "none" | "standby", "idle_time_ms": 50},
//     "host_key": {"present": false} or
//                 {"present": true, "type": "aes128" | "aes256", "mac_key": "<hex>", "cipher_key": "<hex>",
//                  "cmac_counter": 0},
//     "host_key_control": {"change_right": true, "reprovision": false, "plaintext": true,
//                          "wrapped_anonymous": false, "authentication_key_slot": "0xFF"},
//     "symmetric_key_control": [{"slot": 3, "ecdhe_anonymous": false, "wrapped_anonymous": true, "put_key": false,
//                                "change_right": true, "plaintext": false, "derived": false,
//                                "wrapped_authentication_key_slot": "0xFF",
//                                "ecdhe_authentication_key_slot": "0xFF"}, ...],
//     "symmetric_keys": [{"slot": 3, "lock": "unlocked" | "locked" | "erasable",
//                         "type": "aes128" | "aes256" | "generic_secret", "mode": "cmac",
//                         "usage": ["mac_generation", "mac_verification"], "min_mac_length": 2,
//                         "key": "<hex>"},
//                        {"slot": 5, ..., "mode": "ccm", "usage": ["encryption", "decryption"], "tag_length": 4,
//                         "counter": {"offset": 0, "value": 0}   // only for a key with a counter
//                         , "key": "<hex>"},
//                        {"slot": 7, ..., "mode": "ecb", "usage": ["encryption"], "key": "<hex>"},
//                        {"slot": 8, ..., "mode": "gcm", "usage": ["encryption"], "tag_length": 16,
//                         "key": "<hex>"},
//                        {"slot": 9, ..., "type": "generic_secret", "mode": "hkdf", "usage": ["derive"],
//                         "derived_keys_exportable": false, "key": "<hex, 16..32 bytes>"},
//                        {"slot": 10, ..., "type": "generic_secret", "mode": "hmac",
//                         "usage": ["mac_generation"], "min_mac_length": 16, "key": "<hex>"}, ...],
//       a generic secret's length is its key's; usage names: mac_verification, mac_generation,
//       decryption, encryption, chunked_decryption, chunked_encryption, derive (each must suit the mode);
//     "command_access": {"change_rights": {"access_conditions": true, "encryption_flags": true},
//                        "commands": [{"code": "0x1B", "access": "host", "encrypt_command": true,
//                                      "encrypt_response": false},
//                                     {"code": "0x1F", "ext_code": "0x11", "access": "host", ...}, ...]} }
//       access: never | free | admin | host; a listed command must be one of the 45 factory records,
//       its missing fields keep their factory values.
//     "data_partitions": [{"zone": 0, "type": "data" | "counter", "length": 1000,
//                          "read_access": "free", "read_change_right": false,
//                          "update_access": "never", "update_change_right": true,
//                          "counter": 500000,       // counter zones only
//                          "data": "<hex>"}, ...]   // from byte 0, at most length bytes, the rest 00
//       zone access: free | host | auth_host | never. When present, the list is the whole table in
//       query order; a zone whose index is one of the factory zones takes that zone's values for
//       the fields it leaves out, any other zone needs "type" and "length".
//     "private_keys": {"change_right": false, "global_usage_limit": 65535,
//                      "slots": [{"slot": 1, "mode": {"ephemeral_generation": false, "change_right": false,
//                                                     "key_establishment": true, "external_signature": true,
//                                                     "internal_signature": false, "generate_key": "free",
//                                                     "eddsa_variant": 0},
//                                 "curve": "nist_p384", "private_key": "<hex>", "usage_limit": 255,
//                                 "uses_left": 200}, ...]}
//       curves: nist_p256 | nist_p384 | nist_p521 | brainpool_p256r1 | brainpool_p384r1 |
//       brainpool_p512r1 | x25519 | ed25519; generate_key is an access condition as above. A listed
//       slot holds a key exactly when it has "private_key"; its missing mode fields keep the
//       factory values; usage_limit 0 (the default) is no limit, uses_left defaults to the limit.
//     "public_keys": [{"slot": 0, "change_right": true, "establish_symmetric_key": false,
//                      "start_volatile_kek_session": false, "entity_authentication": true,
//                      "establish_host_key": false, "curve": "nist_p256", "public_key": "<hex X | Y>"}, ...]
//       the generic public key slots 0..3; a listed slot holds a key exactly when it has
//       "public_key" (raw: X | Y, or the 32-byte key); its missing flags keep the factory values.
//     "local_envelope_keys": [{"slot": 0, "type": "aes128" | "aes256", "key": "<hex>"}, ...]   // filled slots only
//     "password": {"present": false} or
//                 {"present": true, "password": "<16 bytes hex>", "max_tries": 3, "tries_left": 3}
//       max_tries 1..255 (default 3), tries_left 0..max_tries (default max_tries; 0 = blocked).
// Every field is optional on load (missing = factory value); unknown keys are errors.
#include <nlohmann/json.hpp>

#include "simulator/fixture/json_view.h"
#include "simulator/stsafe_a120/state.h"

namespace kb::sim::stsafe_a120 {

// Throws FixtureError naming the JSON path of the first bad value.
State state_from_json(const JsonView& json);
// Lists every field; symmetric slot controls and command records only where they differ from the
// factory value, symmetric keys only where a slot holds one, zone data without its trailing 00s.
nlohmann::json state_to_json(const State& state);

}  // namespace kb::sim::stsafe_a120
