#pragma once
// The JSON form of the chip's persistent state (fixture "state" and keybench state files):
//   { "config": "<128 bytes hex>",       // the whole config zone, locks included
//     "otp": "<64 bytes hex>",
//     "slots": [{"slot": 0, "data": "<hex, the slot's full size: 36, 416 or 72 bytes>"}, ...],
//     "random_seed": 0, "random_counter": 0 }
// Every field is optional on load (missing = factory value; a slot not listed holds zeros);
// unknown keys are errors. The config must carry the ATECC608A revision 00 00 60 02, lock bytes
// 0x55 (unlocked) or 0x00 (locked), no data lock without the config lock, and an I2C address
// byte naming a usable 7-bit address.
#include <nlohmann/json.hpp>

#include "simulator/atecc608a/eeprom.h"
#include "simulator/fixture/json_view.h"

namespace kb::sim::atecc608a {

// Throws FixtureError naming the JSON path of the first bad value.
EepromImage image_from_json(const JsonView& json);
// Lists the zones, the slots that are not all zero, and the random state.
nlohmann::json image_to_json(const EepromImage& image);

}  // namespace kb::sim::atecc608a
