#pragma once
// Names of the nRF5340 application core's registers and memory words as the model maps them
// (fact sheet nrf-kmu-lifecycle.md §1.1-1.8, §7), for traces of the firmware's register accesses.
#include <cstdint>
#include <string>

namespace kb::sim::nrf {

// "KMU.SELECTKEYSLOT", "NVMC.CONFIG", "UICR KMU slot 6 VALUE[2], identity key", "UICR OTP[40]",
// "CC312 AES key word 3", "flash page 255", "KDF port OUTPUT[2]"; a word of a block without a
// name of its own by its offset ("UICR+0x010"); an address outside every block "unmapped".
std::string register_name(uint32_t address);

}  // namespace kb::sim::nrf
