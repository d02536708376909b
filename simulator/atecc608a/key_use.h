#pragma once
// What KeyConfig and SlotConfig ask before a command may use the key in a slot (fact sheet B7.3):
// ReqAuth (a CheckMac or data-zone GenDig with AuthKey since the wake), ReqRandom (the command's
// TempKey input came from a random Nonce), PersistentDisable (the persistent latch is set) and
// LimitedUse (each use spends one count of monotonic counter 0, none left at its maximum).
#include <cstddef>

#include "simulator/atecc608a/commands/handlers.h"

namespace kb::sim::atecc608a {

struct KeyUse {
  size_t slot = 0;
  // The command mixed a random-Nonce TempKey into its result. Commands that take no TempKey (or a
  // pass-through one) pass false, which a ReqRandom key refuses.
  bool random_temp_key = false;
};

// kSuccess, having spent a limited use (an EEPROM write that can tear), or kExecutionError with
// nothing written.
Status use_key(CommandContext& context, const KeyUse& use);

}  // namespace kb::sim::atecc608a
