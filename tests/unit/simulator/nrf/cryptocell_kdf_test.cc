// The CryptoCell shadow-key derivation (fact sheet nrf-kmu-lifecycle.md §3.6, [VERIFIED] there)
// against Nordic's published known-answer tests in sdk-nrf tests/lib/hw_unique_key/src/main.c, both
// as a function and end to end: KMU slots written, pushed into the AES key register, derived
// through the model's KDF port.
#include <gtest/gtest.h>

#include "simulator/nrf/sp800_108_cmac.h"
#include "tests/unit/simulator/nrf/nrf_model_harness.h"

namespace kb::test::nrf_model {
namespace {

using kb::sim::from_hex;
using kb::sim::to_hex;

// sdk-nrf tests/lib/hw_unique_key (nRF5340 / CC312 case, 256-bit key).
const char* const k5340Key = "c5a808ebe31ea5b4e9441a764558d88b402633a8cd2d51678def00243052d73d";
const char* const k5340Label = "e275ab25003b15e1a198785b4e57439a";
const char* const k5340Context = "69a799d53229b7c71bf133562d311cf3";
const char* const k5340Out = "C9D2B7D58141ADCBD64BACA0D1DB5E3608605533186E323B73A877E3A43E838D";
// sdk-nrf tests/lib/hw_unique_key (nRF91 / CC310 case, 128-bit key, L = 0x80 in one byte).
const char* const k91Key = "199ae3c79dd0168c3eeea846ea4edc6e";
const char* const k91Label = "29d6a68d3ffb391f036dd53be354e4029a695a";
const char* const k91Context = "58fdf5a08f8efc421055aee5f46d257440d485";
const char* const k91Out = "65295E2ECB6E6C403A3876C99FF7FC71";

TEST(NrfCryptoCellKdf, Nrf5340VectorFromNordicTests) {
  auto out = sp800_108_cmac(from_hex(k5340Key), from_hex(k5340Label), from_hex(k5340Context), 32);
  EXPECT_EQ(to_hex(out), k5340Out);
}

TEST(NrfCryptoCellKdf, Nrf91VectorFromNordicTests) {
  auto out = sp800_108_cmac(from_hex(k91Key), from_hex(k91Label), from_hex(k91Context), 16);
  EXPECT_EQ(to_hex(out), k91Out);
}

TEST(NrfCryptoCellKdf, TruncatedOutputIsAPrefixOnlyWhenLIsTheSame) {
  // L is part of every block's input, so 16 bytes of a 32-byte derivation are not the 16-byte one.
  auto full = sp800_108_cmac(from_hex(k5340Key), from_hex(k5340Label), from_hex(k5340Context), 32);
  auto half = sp800_108_cmac(from_hex(k5340Key), from_hex(k5340Label), from_hex(k5340Context), 16);
  EXPECT_NE(to_hex(half), to_hex(full).substr(0, 32));
}

struct PortHarness : Harness {
  void port(uint32_t off, uint32_t v) { wr(kKdfPortBase + off, v); }
  uint32_t port(uint32_t off) { return rd(kKdfPortBase + off); }
  void load_bytes(uint32_t off, const std::vector<uint8_t>& bytes) {
    std::array<uint32_t, 16> w{};
    for (size_t i = 0; i < bytes.size(); ++i) w[i / 4] |= static_cast<uint32_t>(bytes[i]) << (8 * (i % 4));
    for (unsigned i = 0; i < 16; ++i) port(off + 4 * i, w[i]);
  }
  std::vector<uint8_t> derive(uint32_t keybits, const std::vector<uint8_t>& label, const std::vector<uint8_t>& context,
                              uint32_t out_len) {
    port(kKdfKeybits, keybits);
    port(kKdfLabelSize, static_cast<uint32_t>(label.size()));
    port(kKdfContextSize, static_cast<uint32_t>(context.size()));
    port(kKdfOutputSize, out_len);
    load_bytes(kKdfLabel, label);
    load_bytes(kKdfContext, context);
    port(kKdfTasksStart, 1);
    settle();
    std::vector<uint8_t> out(out_len);
    for (uint32_t i = 0; i < out_len; ++i)
      out[i] = static_cast<uint8_t>(port(kKdfOutput + 4 * (i / 4)) >> (8 * (i % 4)));
    return out;
  }
  void push(unsigned slot) {
    select(slot);
    wr(kPush, 1);
    settle();
    wr(kPushed, 0);
    deselect();
  }
};

TEST(NrfCryptoCellKdf, PushedHukDerivesNordicsVectorThroughTheRegisters) {
  PortHarness h;
  auto key = from_hex(k5340Key);
  // As hw_unique_key_write lays out a 256-bit MKEK on nRF5340 (§3.2): slot 2 and 3, AES key halves.
  h.write_slot(2, kCcAesKeyBase, 0xFFFFFFFCu, words_of({key.begin(), key.begin() + 16}));
  h.write_slot(3, kCcAesKeyBase + 16, 0xFFFFFFFCu, words_of({key.begin() + 16, key.end()}));
  h.push(2);
  h.push(3);
  auto out = h.derive(256, from_hex(k5340Label), from_hex(k5340Context), 32);
  EXPECT_EQ(h.port(kKdfEventsDone), 1u);
  EXPECT_EQ(to_hex(out), k5340Out);
}

TEST(NrfCryptoCellKdf, A128BitDerivationUsesTheFirstHalf) {
  PortHarness h;
  h.write_slot(4, kCcAesKeyBase, 0xFFFFFFFCu, words_of(from_hex(k91Key)));
  h.push(4);
  EXPECT_EQ(to_hex(h.derive(128, from_hex(k91Label), from_hex(k91Context), 16)), k91Out);
}

TEST(NrfCryptoCellKdf, DerivationWithoutAPushedKeyFails) {
  PortHarness h;
  (void)h.derive(256, from_hex(k5340Label), {}, 32);
  EXPECT_EQ(h.port(kKdfEventsError), 1u);
  EXPECT_EQ(h.port(kKdfEventsDone), 0u);
  EXPECT_EQ(h.port(kKdfErrorSrc), kKdfErrorKeyNotLoaded);
}

TEST(NrfCryptoCellKdf, BadSizesFail) {
  PortHarness h;
  h.write_slot(4, kCcAesKeyBase, 0xFFFFFFFCu, words_of(from_hex(k91Key)));
  h.push(4);
  (void)h.derive(192, from_hex(k91Label), {}, 16);
  EXPECT_EQ(h.port(kKdfErrorSrc), kKdfErrorBadSize);
  h.port(kKdfEventsError, 0);
  (void)h.derive(128, {}, {}, 16);  // the label must not be empty
  EXPECT_EQ(h.port(kKdfEventsError), 1u);
}

TEST(NrfCryptoCellKdf, PowerCycleForgetsPushedKeys) {
  PortHarness h;
  h.write_slot(4, kCcAesKeyBase, 0xFFFFFFFCu, words_of(from_hex(k91Key)));
  h.push(4);
  EXPECT_EQ(h.chip.cryptocell().aes_loaded_words(), 0x0Fu);
  h.chip.power_cycle();
  EXPECT_EQ(h.chip.cryptocell().aes_loaded_words(), 0u);
  EXPECT_EQ(h.chip.slot_state(4), SlotState::kConfigured) << "the KMU slot itself is non-volatile";
}

}  // namespace
}  // namespace kb::test::nrf_model
