#pragma once
// What the PSA key store holds, read from a copy of the bench's MCU flash (nothing is written):
// the transaction record, the key files of the factory application's ids, and the data of the
// chip's driver (fact sheet A2.3, A2.4; core/psa_se/*/..._se.h). The campaign reports a cut point
// by it and compares the re-run's store with the clean run's. The public keys the STSAFE-A120
// driver keeps in the ITS are left out: a re-run generates another key, and the boot's export and
// host verification check them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "simulator/nvm/nvm.h"
#include "tools/campaign/psa/campaign_chip.h"

namespace kb::tools::campaign::psa {

struct TransactionRecord {
  uint16_t type = 0;  // 1 CREATE_KEY, 2 DESTROY_KEY
  uint32_t lifetime = 0;
  uint64_t slot = 0;
  uint32_t key_id = 0;
  // "CREATE_KEY of key 18 in slot 2"
  std::string describe() const;
};

struct KeyFile {
  uint32_t lifetime = 0;
  uint64_t slot = 0;  // meaningful for a secure-element key (a 10-byte key data blob)
  bool secure_element = false;
};

struct KeyStoreView {
  bool mounted = false;  // the flash holds a valid store (or an empty one)
  std::optional<TransactionRecord> record;
  bool record_unreadable = false;  // an entry at the record's UID that is not a 24-byte record
  std::map<uint32_t, KeyFile> key_files;
  std::optional<uint16_t> driver_used_slots;  // the driver's bitmap of used slots, when its data is saved
  // The raw entries compared between runs: UID (hex) -> bytes (hex), absent UIDs left out.
  std::map<std::string, std::string> entries;
  // The driver's own entries (the public keys the STSAFE-A120 driver keeps), the same way; not
  // compared between runs.
  std::map<std::string, std::string> driver_entries;

  // Slots a key file of the store names.
  std::vector<uint64_t> named_slots() const;
};

KeyStoreView read_key_store(const sim::Nvm& flash, Chip chip);

}  // namespace kb::tools::campaign::psa
