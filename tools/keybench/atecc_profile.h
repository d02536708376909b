#pragma once
// ATECC608A configuration profiles: the JSON a factory run of atecc_configure_and_lock is given
// (fixtures/atecc-profiles/*.json), turned into the flow's plain struct.
//
//   { "format": "keybench-atecc-profile/1",
//     "description": "...",                         // optional
//     "config": {
//       "i2c_address": "0xC0", "count_match": "0x00", "chip_mode": "0x00",
//       "slots": [ {"slot": 0, "role": "...", "slot_config": "0x2087", "key_config": "0x0013"},
//                  ... all 16, in slot order ],
//       "counters": [0, 0],                         // values, encoded as fact sheet B7.6 says
//       "use_lock": "0x00", "volatile_key_permission": "0x00", "secure_boot": "0x0000",
//       "kdf_iv_loc": "0x00", "kdf_iv_str": "0x0000", "slot_locked": "0xFFFF",
//       "chip_options": "0x0000", "x509_format": ["0x00", "0x00", "0x00", "0x00"] },
//     "generate_keys": [0],                         // slots that get a GenKey'd P-256 key
//     "lock_data_zone": true }
//
// Every config field is required and each names config bytes of fact sheet B7.1; 8-bit fields are
// "0x" and 2 hex digits, 16-bit fields (stored little-endian) "0x" and 4. The reserved bytes 17
// and 75-83 are written as zero. Bytes the factory cannot write (serial number, RevNum,
// AES/I2C enable, UserExtra, UserExtraAdd, LockValue, LockConfig) have no field: naming one is an
// error that says why, like any unknown key.
#include <nlohmann/json.hpp>
#include <string>

#include "firmware/atecc_configure_and_lock/config_profile.h"

namespace kb::tools {

inline constexpr const char* kAteccProfileFormat = "keybench-atecc-profile/1";

// Both throw sim::FixtureError naming the file, the JSON path and the problem; the file reader
// refuses FIFOs, devices and oversized files, and duplicate keys are errors.
fw::AteccConfigProfile load_atecc_profile(const std::string& path);
fw::AteccConfigProfile parse_atecc_profile(const nlohmann::json& profile, const std::string& source);

}  // namespace kb::tools
