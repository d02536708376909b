// The nRF5340's persistent state as JSON: the lifecycle, the UICR words below the key-slot region,
// every non-empty key slot decoded, program counts that differ from what the contents imply, code
// flash, and a summary (HUKs, identity key) that a fixture may state and a load checks.
//
// {"lifecycle": "assembly", "uicr_words": {"0x100": "0xFFFF0000"},
//  "key_slots": {"2": {"state": "configured", "dest": "0x50845400", "perm": "0xFFFFFFFC", "value": "<16 bytes>"}},
//  "word_writes": {"0x104": 2}, "flash": {<Nvm snapshot>},
//  "summary": {"huk_written": {"mkek": true, "mext": true}, "identity_key_written": false}}
#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "simulator/fixture/hex.h"
#include "simulator/nrf/nrf5340.h"
#include "simulator/nrf/nrf5340_map.h"

namespace kb::sim::nrf {

namespace {

constexpr unsigned kMkekSlot = 2;
constexpr unsigned kMextSlot = 4;
constexpr unsigned kIdentitySlot = 6;

std::string hex_word(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", v);
  return buf;
}

std::string hex_offset(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%03X", v);
  return buf;
}

void expect_object(const JsonView& v) {
  if (!v.raw().is_object()) v.fail("expected an object");
}

uint32_t parse_offset(const JsonView& at, const std::string& key, uint32_t end) {
  size_t used = 0;
  unsigned long v = 0;
  try {
    v = std::stoul(key, &used, 0);
  } catch (const std::logic_error&) {
    at.fail("\"" + key + "\" is not a UICR offset");
  }
  if (used != key.size() || v % 4 != 0 || v >= end) {
    at.fail("\"" + key + "\" is not a word offset below " + hex_offset(end));
  }
  return static_cast<uint32_t>(v);
}

unsigned parse_slot(const JsonView& at, const std::string& key) {
  size_t used = 0;
  unsigned long v = 0;
  try {
    v = std::stoul(key, &used, 10);
  } catch (const std::logic_error&) {
    at.fail("\"" + key + "\" is not a key slot index");
  }
  if (used != key.size() || v >= kKeySlots) at.fail("\"" + key + "\" is not a key slot index 0..127");
  return static_cast<unsigned>(v);
}

// The canonical words for a lifecycle (§5.2 update table): halfwords written 0x0000 in order.
std::pair<uint32_t, uint32_t> lifecycle_words(Lifecycle l) {
  switch (l) {
    case Lifecycle::kAssembly: return {0xFFFFFFFFu, 0xFFFFFFFFu};
    case Lifecycle::kProvisioning: return {0xFFFF0000u, 0xFFFFFFFFu};
    case Lifecycle::kSecured: return {0x00000000u, 0xFFFFFFFFu};
    case Lifecycle::kDecommissioned: return {0x00000000u, 0x0000FFFFu};
    case Lifecycle::kUnreadable: break;
  }
  return {0xFFFFFFFFu, 0xFFFFFFFFu};
}

bool huk_written_in(const UicrStore& u, unsigned first) {
  return slot_state_of(u, first) != SlotState::kEmpty || slot_state_of(u, first + 1) != SlotState::kEmpty;
}

bool identity_written_in(const UicrStore& u) {
  return u.word(perm_offset(kIdentitySlot)) == 0xFFFFFFFAu && u.word(perm_offset(kIdentitySlot + 1)) == 0xFFFFFFFAu;
}

void expect_bool(const JsonView& v, bool actual, const char* what) {
  if (v.as_bool() != actual) {
    v.fail(std::string("says ") + (v.as_bool() ? "true" : "false") + " but the key slots make " + what + " " +
           (actual ? "true" : "false"));
  }
}

}  // namespace

nlohmann::json Nrf5340::save_state() const {
  nlohmann::json j;
  j["lifecycle"] = std::string(lifecycle_name(lifecycle()));
  nlohmann::json words = nlohmann::json::object();
  for (uint32_t off = 0; off < kUicrKeyConfigBegin; off += 4) {
    if (uicr_.word(off) != 0xFFFFFFFFu) words[hex_offset(off)] = hex_word(uicr_.word(off));
  }
  j["uicr_words"] = words;
  nlohmann::json slots = nlohmann::json::object();
  for (unsigned s = 0; s < kKeySlots; ++s) {
    SlotState state = slot_state(s);
    if (state == SlotState::kEmpty) continue;
    nlohmann::json slot = {{"state", std::string(slot_state_name(state))}};
    if (uicr_.word(dest_offset(s)) != 0xFFFFFFFFu) slot["dest"] = hex_word(uicr_.word(dest_offset(s)));
    if (uicr_.word(perm_offset(s)) != 0xFFFFFFFFu) slot["perm"] = hex_word(uicr_.word(perm_offset(s)));
    auto bytes = uicr_.bytes().subspan(value_offset(s, 0), 16);
    bool value_erased = true;
    for (uint8_t b : bytes) value_erased = value_erased && b == 0xFF;
    if (!value_erased) slot["value"] = to_hex(bytes);
    slots[std::to_string(s)] = slot;
  }
  j["key_slots"] = slots;
  nlohmann::json writes = nlohmann::json::object();
  for (uint32_t off = 0; off < kUicrSize; off += 4) {
    const unsigned implied = uicr_.word(off) == 0xFFFFFFFFu ? 0 : 1;
    if (uicr_.writes_since_erase(off) != implied) writes[hex_offset(off)] = uicr_.writes_since_erase(off);
  }
  j["word_writes"] = writes;
  if (flash_) j["flash"] = flash_->to_json();
  j["summary"] = {{"huk_written", {{"mkek", huk_written(kMkekSlot)}, {"mext", huk_written(kMextSlot)}}},
                  {"identity_key_written", identity_key_written()}};
  return j;
}

void Nrf5340::load_state(const JsonView& state) {
  state.expect_only({"lifecycle", "uicr_words", "key_slots", "word_writes", "flash", "summary"});
  // Everything is read into scratch first: a bad value anywhere leaves the chip as it was.
  std::array<uint32_t, kUicrWords> words;
  words.fill(0xFFFFFFFFu);

  bool lifecycle_words_given = false;
  if (state.has("uicr_words")) {
    JsonView list = state.at("uicr_words");
    expect_object(list);
    for (const auto& item : list.raw().items()) {
      JsonView v = list.at(item.key());
      uint32_t off = parse_offset(v, item.key(), kUicrKeyConfigBegin);
      words[off / 4] = static_cast<uint32_t>(v.as_uint(0xFFFFFFFFu));
      lifecycle_words_given = lifecycle_words_given || off == kBlStorageOffset || off == kBlStorageOffset + 4;
    }
  }

  std::vector<std::pair<unsigned, JsonView>> stated_slot_states;
  if (state.has("key_slots")) {
    JsonView list = state.at("key_slots");
    expect_object(list);
    for (const auto& item : list.raw().items()) {
      JsonView slot = list.at(item.key());
      unsigned s = parse_slot(slot, item.key());
      slot.expect_only({"state", "dest", "perm", "value"});
      if (slot.has("dest")) words[dest_offset(s) / 4] = static_cast<uint32_t>(slot.at("dest").as_uint(0xFFFFFFFFu));
      if (slot.has("perm")) words[perm_offset(s) / 4] = static_cast<uint32_t>(slot.at("perm").as_uint(0xFFFFFFFFu));
      if (slot.has("value")) {
        // VALUE[i] holds key bytes 4i..4i+3 as a little-endian word (§1.3).
        std::vector<uint8_t> v = slot.at("value").as_hex(16);
        for (unsigned i = 0; i < 4; ++i) {
          words[value_offset(s, i) / 4] = static_cast<uint32_t>(v[4 * i]) | static_cast<uint32_t>(v[4 * i + 1]) << 8 |
                                          static_cast<uint32_t>(v[4 * i + 2]) << 16 |
                                          static_cast<uint32_t>(v[4 * i + 3]) << 24;
        }
      }
      if (slot.has("state")) stated_slot_states.emplace_back(s, slot.at("state"));
    }
  }

  if (state.has("lifecycle")) {
    JsonView l = state.at("lifecycle");
    auto stated =
        static_cast<Lifecycle>(l.as_choice({"assembly", "provisioning", "secured", "decommissioned", "unreadable"}));
    if (lifecycle_words_given) {
      Lifecycle encoded = decode_lifecycle(words[kBlStorageOffset / 4], words[kBlStorageOffset / 4 + 1]);
      if (encoded != stated) {
        l.fail("contradicts uicr_words 0x100/0x104, which encode \"" + std::string(lifecycle_name(encoded)) + "\"");
      }
    } else if (stated == Lifecycle::kUnreadable) {
      l.fail("\"unreadable\" needs uicr_words 0x100/0x104 holding a combination the lifecycle table rejects");
    } else {
      auto [w0, w1] = lifecycle_words(stated);
      words[kBlStorageOffset / 4] = w0;
      words[kBlStorageOffset / 4 + 1] = w1;
    }
  }

  std::array<uint8_t, kUicrWords> counts{};
  for (unsigned i = 0; i < kUicrWords; ++i) counts[i] = words[i] == 0xFFFFFFFFu ? 0 : 1;
  if (state.has("word_writes")) {
    JsonView list = state.at("word_writes");
    expect_object(list);
    for (const auto& item : list.raw().items()) {
      JsonView v = list.at(item.key());
      uint32_t off = parse_offset(v, item.key(), kUicrSize);
      counts[off / 4] = static_cast<uint8_t>(v.as_uint(255));
      if (counts[off / 4] == 0 && words[off / 4] != 0xFFFFFFFFu) v.fail("a programmed word was written at least once");
    }
  }

  std::unique_ptr<Nvm> next_flash;
  if (state.has("flash")) {
    JsonView f = state.at("flash");
    next_flash = std::make_unique<Nvm>(code_flash_geometry());
    try {
      next_flash->load_json(f.raw());
    } catch (const std::exception& e) {
      f.fail(std::string("bad flash snapshot: ") + e.what());
    }
  }

  UicrStore next;
  next.restore(words, counts);
  for (auto& [s, v] : stated_slot_states) {
    SlotState actual = slot_state_of(next, s);
    size_t stated = v.as_choice({"empty", "staged", "configured", "revoked"});
    if (static_cast<SlotState>(stated) != actual) {
      v.fail("the slot's words make it \"" + std::string(slot_state_name(actual)) + "\"");
    }
  }
  if (state.has("summary")) {
    JsonView summary = state.at("summary");
    summary.expect_only({"huk_written", "identity_key_written"});
    if (summary.has("huk_written")) {
      JsonView h = summary.at("huk_written");
      h.expect_only({"mkek", "mext"});
      if (h.has("mkek")) expect_bool(h.at("mkek"), huk_written_in(next, kMkekSlot), "the MKEK written");
      if (h.has("mext")) expect_bool(h.at("mext"), huk_written_in(next, kMextSlot), "the MEXT written");
    }
    if (summary.has("identity_key_written")) {
      expect_bool(summary.at("identity_key_written"), identity_written_in(next), "the identity key written");
    }
  }

  uicr_.restore(words, counts);
  flash_ = std::move(next_flash);
  reset_volatile();
  powered_ = true;
}

}  // namespace kb::sim::nrf
