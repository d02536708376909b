#pragma once
// Hardware unique keys in the KMU (lib_hw_unique_key, new generation; fact sheet §3): the MKEK in
// slot 2 and the MEXT in slot 4, each 256 bits over two slots on nRF5340 (128 bits, one slot, on
// nRF9160), push-only, destined for the CryptoCell AES key register. Errors are returned, never
// panicked on; the library's log lines go to the optional console.
#include <cstdint>
#include <span>

#include "core/nrf/kmu.h"
#include "core/nrf/shadow_key.h"
#include "core/status.h"
#include "hal/console.h"
#include "hal/crypto.h"

namespace kb::core::nrf {

enum class HukSlot : uint8_t { kMkek = 2, kMext = 4 };

inline constexpr size_t kMaxHukBytes = 32;

class HwUniqueKey {
 public:
  HwUniqueKey(Kmu& kmu, hal::Crypto& crypto, ShadowKeyDeriver& deriver, hal::Console* log = nullptr)
      : kmu_(kmu), crypto_(crypto), deriver_(deriver), log_(log) {}

  // HUK_SIZE_BYTES: 32 on nRF5340, 16 on nRF9160.
  size_t key_size() const { return 16u * kmu_.soc().slots_per_huk; }

  // Writes one HUK; key must be key_size() bytes. On CC312 the second half is written only after
  // the first succeeded. A KMU failure is logged with its platform code and returned as
  // kHukWriteFailed, as hw_unique_key_write does (§3.3), so the caller's error names the HUK step.
  Status write(HukSlot slot, std::span<const uint8_t> key);
  // §3.4: refuses when any HUK is written, draws 2 x key_size() random bytes, writes MKEK then
  // MEXT, wipes the buffer, checks both are written.
  Status write_random();
  // Resumable write_random for a factory line re-running after a power cut: slots that hold a whole
  // HUK half (PERM programmed) are kept, empty slots get fresh random bytes (a HUK is random
  // material nobody has used yet, so halves drawn in two runs make a valid key). A half-written
  // slot cannot be finished (write-once UICR words): it is revoked, so the KMU never pushes the
  // partial value, and kHukTorn is returned. Nothing is written when no slot is empty.
  Status write_random_resuming();
  bool is_written(HukSlot slot);
  bool are_any_written();
  // Every slot of the MKEK and the MEXT holds a whole half: PERM programmed with the HUK
  // permissions, which the KMU driver writes last, after DEST and VALUE have read back.
  bool are_all_written_whole();
  // §3.3: kHukMissing when the slot is empty; else the shadow-key derivation keyed by the HUK.
  Status derive_key(HukSlot slot, std::span<const uint8_t> context, std::span<const uint8_t> label,
                    std::span<uint8_t> out);

 private:
  Kmu& kmu_;
  hal::Crypto& crypto_;
  ShadowKeyDeriver& deriver_;
  hal::Console* log_;
};

}  // namespace kb::core::nrf
