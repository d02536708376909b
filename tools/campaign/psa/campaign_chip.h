#pragma once
// The secure element a PSA campaign runs on (the one that holds keys 16 and 18), as the campaign
// reads it from the bench: the ATECC608A (driver location 0xF0) or the STSAFE-A120 (0xF1). What
// differs between them for the campaign is here: the bench device, the driver's data in the ITS,
// how a key slot's contents are read (to find orphans), and what a provisioned chip looks like.
#include <psa/crypto.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "firmware/factory_provisioning/secure_elements.h"
#include "simulator/bench/bench.h"

namespace kb::tools::campaign::psa {

using Chip = fw::FactorySecureElement;

// "atecc608a", "stsafe-a120": the bench device type and the value of --se.
std::string_view chip_name(Chip chip);
std::optional<Chip> parse_chip(std::string_view name);

// The chip's device on the bench; throws std::runtime_error naming the chip when there is none.
sim::Device& chip_device(sim::Bench& bench, Chip chip);

// The driver's location, and the magic its saved data starts with (both drivers save magic, then
// a 16-bit bitmap of the slots PSA keys occupy).
psa_key_location_t chip_location(Chip chip);
uint32_t driver_data_magic(Chip chip);

// Each key slot's contents by slot number, to tell which slots a cut wrote: an ATECC608A data
// slot's bytes; an STSAFE-A120 private key slot's presence, curve and key bytes.
std::vector<std::vector<uint8_t>> key_slots(sim::Bench& bench, Chip chip);

// The chip as a provisioned device is compared between runs: the campaigns' projection of its
// state (a generated key counts as "a key", whichever it is).
nlohmann::json chip_projection(sim::Bench& bench, Chip chip);

}  // namespace kb::tools::campaign::psa
