#include "tools/campaign/nrf_oracles.h"

#include <cstdio>

#include "simulator/nrf/cryptocell.h"
#include "simulator/nrf/kmu.h"
#include "simulator/nrf/nrf5340.h"
#include "simulator/nrf/nrf5340_map.h"

namespace kb::tools::campaign::nrf {

namespace {

namespace map = sim::nrf;

constexpr uint32_t kErased = 0xFFFFFFFFu;
// Fact sheet §3.2 / §4.2: the HUK slots (MKEK 2-3, MEXT 4-5) and the identity key slots (6-7), with
// the PERM each gets when complete.
constexpr unsigned kMkekSlot = 2;
constexpr unsigned kMextSlot = 4;
constexpr uint32_t kHukPerm = 0xFFFFFFFCu;
constexpr unsigned kFirstIdentitySlot = 6;
constexpr unsigned kLastIdentitySlot = 7;
constexpr uint32_t kIdentityPerm = 0xFFFFFFFAu;

std::string hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", v);
  return buf;
}

bool same_material(const NrfImage& a, const NrfImage& b, unsigned slot) {
  if (a.word(map::dest_offset(slot)) != b.word(map::dest_offset(slot))) return false;
  for (unsigned i = 0; i < 4; ++i) {
    if (a.word(map::value_offset(slot, i)) != b.word(map::value_offset(slot, i))) return false;
  }
  return true;
}

bool slot_touched(const NrfImage& image, unsigned slot) {
  bool touched = image.word(map::dest_offset(slot)) != kErased || image.word(map::perm_offset(slot)) != kErased;
  for (unsigned i = 0; i < 4; ++i) touched = touched || image.word(map::value_offset(slot, i)) != kErased;
  return touched;
}

const char* slot_state(const NrfImage& image, unsigned slot) {
  const uint32_t perm = image.word(map::perm_offset(slot));
  if ((perm & map::kPermStateActive) == 0) return "revoked";
  if ((perm & 0xFFFFu) != 0xFFFFu) return "configured";
  return slot_touched(image, slot) ? "staged" : "empty";
}

// A key spread over slots [first, last] that is neither untouched nor complete.
std::optional<unsigned> half_written_slot(const NrfImage& image, unsigned first, unsigned last, uint32_t perm) {
  bool any = false;
  bool all = true;
  std::optional<unsigned> first_incomplete;
  for (unsigned s = first; s <= last; ++s) {
    any = any || slot_touched(image, s);
    const bool complete = image.word(map::perm_offset(s)) == perm;
    all = all && complete;
    if (!complete && !first_incomplete) first_incomplete = s;
  }
  if (any && !all) return first_incomplete;
  return std::nullopt;
}

}  // namespace

bool slot_usable(const NrfImage& image, unsigned slot) {
  const uint32_t perm = image.word(map::perm_offset(slot));
  if ((perm & map::kPermStateActive) == 0) return false;
  const bool pushes =
      (perm & map::kPermPush) != 0 && sim::nrf::CryptoCell::is_push_destination(image.word(map::dest_offset(slot)));
  const bool readable = (perm & 0xFFFFu) != 0xFFFFu && (perm & map::kPermRead) != 0;
  return pushes || readable;
}

bool no_usable_partial_key(const NrfImage& cut, const NrfImage& rerun, const NrfImage& flow_start,
                           const NrfImage& flow_end) {
  for (unsigned s = 0; s < map::kKeySlots; ++s) {
    const bool partial = slot_usable(cut, s) && !same_material(cut, flow_start, s) && !same_material(cut, flow_end, s);
    if (partial && slot_usable(rerun, s) && same_material(cut, rerun, s)) return false;
  }
  return true;
}

bool rolled_back_or_completed(const NrfImage& cut, const NrfImage& before, const NrfImage& after) {
  for (size_t i = 0; i < cut.uicr.size(); ++i) {
    if (cut.uicr[i] != before.uicr[i] && cut.uicr[i] != after.uicr[i]) return false;
  }
  return true;
}

nlohmann::json provisioned_projection(const NrfImage& image) {
  nlohmann::json words = nlohmann::json::object();
  for (uint32_t off = 0; off < map::kUicrKeyConfigBegin; off += 4) {
    if (image.word(off) != kErased) words[hex(off)] = hex(image.word(off));
  }
  nlohmann::json slots = nlohmann::json::object();
  for (unsigned s = 0; s < map::kKeySlots; ++s) {
    if (!slot_touched(image, s)) continue;
    slots[std::to_string(s)] = {{"state", slot_state(image, s)},
                                {"dest", hex(image.word(map::dest_offset(s)))},
                                {"perm", hex(image.word(map::perm_offset(s)))}};
  }
  return {{"uicr_words", words}, {"key_slots", slots}};
}

std::optional<Refusal> explain_refusal(const NrfImage& image, bool reference_mode) {
  // A HUK is random material: an empty half can be filled with fresh bytes, a torn half cannot.
  for (unsigned first : {kMkekSlot, kMextSlot}) {
    std::optional<unsigned> slot;
    for (unsigned s = first; s <= first + 1 && !slot; ++s) {
      if (slot_touched(image, s) && image.word(map::perm_offset(s)) != kHukPerm) slot = s;
    }
    if (slot) {
      return Refusal{"nrf-huk-half-written",
                     std::string("the ") + (first == kMkekSlot ? "MKEK" : "MEXT") +
                         " hardware unique key write was torn: KMU slot " + std::to_string(*slot) + " is " +
                         slot_state(image, *slot) +
                         "; key slots are write-once UICR words that only an ERASEALL clears (which also returns "
                         "the lifecycle to ASSEMBLY)"};
    }
  }
  if (auto slot = half_written_slot(image, kFirstIdentitySlot, kLastIdentitySlot, kIdentityPerm)) {
    return Refusal{"nrf-identity-key-half-written", "the identity key write was torn: KMU slot " +
                                                        std::to_string(*slot) + " is " + slot_state(image, *slot) +
                                                        "; only an ERASEALL clears the UICR identity key slots"};
  }
  if (reference_mode) {
    const sim::nrf::Lifecycle lifecycle =
        sim::nrf::decode_lifecycle(image.word(map::kBlStorageOffset), image.word(map::kBlStorageOffset + 4));
    if (lifecycle != sim::nrf::Lifecycle::kAssembly) {
      return Refusal{"nrf-lifecycle-past-assembly",
                     "the interrupted run had already advanced the lifecycle to " +
                         std::string(sim::nrf::lifecycle_name(lifecycle)) +
                         "; the reference application provisions only a chip in ASSEMBLY, and the resumable "
                         "mode (--resume) finishes this one"};
    }
  }
  return std::nullopt;
}

}  // namespace kb::tools::campaign::nrf
