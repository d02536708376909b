// Local envelopes on the model (fact sheet 2.5, 1.7, 7.4): generate wrap/unwrap key (11 07), wrap
// (0E) and unwrap (0F) local envelope, the local envelope key table (query 07). The wrap is pinned
// to RFC 3394's published vectors; the keys persist in the NVM (power-cut sweep, JSON round trip);
// the recommended access table's protected variants run through the test's own host channel.
#include <gtest/gtest.h>

#include "simulator/fixture/json_view.h"
#include "simulator/stsafe_a120/deterministic_random.h"
#include "tests/unit/simulator/stsafe_a120/example_keys.h"

namespace kb::sim::stsafe_a120 {
namespace {

using namespace test_support;
const Bytes kOk = hex("00 00 02 F0 78");

Bytes payload_of(const Bytes& response) {
  if (response.size() < 5) return {};
  return Bytes(response.begin() + 3, response.end() - 2);
}

void put_envelope_key(Stsafe& chip, size_t slot, const Bytes& key) {
  State s = chip.state();
  s.local_envelope_keys[slot] =
      LocalEnvelopeKey{true, key.size() == 32 ? LocalEnvelopeKeyType::kAes256 : LocalEnvelopeKeyType::kAes128, key};
  chip.set_state(s);
}

Bytes wrap(StsafeOnBus& b, uint8_t slot, const Bytes& data) {
  return b.transact(with_crc(cat({hex("0E"), Bytes{slot}, data})));
}
Bytes unwrap(StsafeOnBus& b, uint8_t slot, const Bytes& envelope) {
  return b.transact(with_crc(cat({hex("0F"), Bytes{slot}, envelope})));
}

// RFC 3394 section 4: (KEK, key data, ciphertext).
struct Rfc3394Vector {
  const char* name;
  Bytes kek;
  Bytes data;
  Bytes wrapped;
};
std::vector<Rfc3394Vector> rfc3394_vectors() {
  const Bytes kek128 = hex("000102030405060708090A0B0C0D0E0F");
  const Bytes kek256 = hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
  return {
      {"4.1 128-bit data, 128-bit KEK", kek128, hex("00112233445566778899AABBCCDDEEFF"),
       hex("1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5")},
      {"4.3 128-bit data, 256-bit KEK", kek256, hex("00112233445566778899AABBCCDDEEFF"),
       hex("64E8C3F9CE0F5BA2 63E9777905818A2A 93C8191E7D6E8AE7")},
      {"4.5 192-bit data, 256-bit KEK", kek256, hex("00112233445566778899AABBCCDDEEFF0001020304050607"),
       hex("A8F9BC1612C68B3F F6E6F4FBE30E71E4 769C8B80A32CB895 8CD5D17D6B254DA1")},
      {"4.6 256-bit data, 256-bit KEK", kek256, hex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F"),
       hex("28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21")},
  };
}

TEST(StsafeLocalEnvelope, FactoryTableHasTwoEmptySlots) {
  StsafeOnBus b;
  // slot count 2, then slot 0 absent, slot 1 absent (no key length for an absent key).
  EXPECT_EQ(b.transact(frame("14 07")), response_frame(0x00, hex("02 00 00 01 00")));
  EXPECT_EQ(b.transact(frame("14 07 00")), error_frame(0x02)) << "the table query takes no argument";
}

TEST(StsafeLocalEnvelope, GenerateWrapKeyFillsTheSlotFromTheRandomStream) {
  StsafeOnBus b;
  const State before = b.chip.state();
  // ST's stsafea_generate_wrap_unwrap_key(slot 0, AES-128): 11 07 00 00.
  EXPECT_EQ(b.transact(frame("11 07 00 00")), kOk);
  EXPECT_EQ(b.transact(frame("14 07")), response_frame(0x00, hex("02 00 01 00 01 00")));
  EXPECT_EQ(b.transact(frame("11 07 01 01")), kOk);
  EXPECT_EQ(b.transact(frame("14 07")), response_frame(0x00, hex("02 00 01 00 01 01 01")));
  const State& s = b.chip.state();
  EXPECT_EQ(s.local_envelope_keys[0].key, deterministic_random(before.random_seed, before.random_counter, 16));
  EXPECT_EQ(s.local_envelope_keys[1].key, deterministic_random(before.random_seed, before.random_counter + 1, 32));
  EXPECT_EQ(s.random_counter, before.random_counter + 2);
  // The key never leaves the chip, but what it wraps is standard RFC 3394 under that key.
  const Bytes data = counting(16);
  EXPECT_EQ(payload_of(wrap(b, 0, data)), aes_key_wrap(s.local_envelope_keys[0].key, data));
  EXPECT_EQ(payload_of(wrap(b, 1, data)), aes_key_wrap(s.local_envelope_keys[1].key, data));
}

TEST(StsafeLocalEnvelope, GenerateRefusals) {
  StsafeOnBus b;
  ASSERT_EQ(b.transact(frame("11 07 00 00")), kOk);
  const State filled = b.chip.state();
  EXPECT_EQ(b.transact(frame("11 07 00 00")), error_frame(0x11)) << "a slot keeps its key";
  EXPECT_EQ(b.transact(frame("11 07 00 01")), error_frame(0x11));
  EXPECT_EQ(b.transact(frame("11 07 02 00")), error_frame(0x03)) << "slot beyond the table";
  EXPECT_EQ(b.transact(frame("11 07 01 02")), error_frame(0x03)) << "no such key length";
  EXPECT_EQ(b.transact(frame("11 07 01")), error_frame(0x02));
  EXPECT_EQ(b.transact(frame("11 07 01 00 00")), error_frame(0x02));
  EXPECT_EQ(b.transact(frame("11 07")), error_frame(0x02));
  EXPECT_EQ(b.chip.state(), filled) << "refusals change nothing";
}

TEST(StsafeLocalEnvelope, Rfc3394VectorsBothWays) {
  for (const Rfc3394Vector& v : rfc3394_vectors()) {
    SCOPED_TRACE(v.name);
    StsafeOnBus b;
    put_envelope_key(b.chip, 1, v.kek);
    EXPECT_EQ(wrap(b, 1, v.data), response_frame(0x00, v.wrapped));
    EXPECT_EQ(unwrap(b, 1, v.wrapped), response_frame(0x00, v.data));
  }
}

TEST(StsafeLocalEnvelope, PayloadLimits) {
  StsafeOnBus b;
  put_envelope_key(b.chip, 0, counting(16, 0x40));
  // Fact sheet 1.7: at most 480 bytes (wrapped 488); RFC 3394 takes whole 64-bit blocks, two at least.
  const Bytes biggest = counting(480);
  const Bytes envelope = payload_of(wrap(b, 0, biggest));
  EXPECT_EQ(envelope.size(), 488u);
  EXPECT_EQ(unwrap(b, 0, envelope), response_frame(0x00, biggest));
  for (size_t n : {0u, 1u, 7u, 8u, 12u, 17u, 479u, 481u, 488u}) {
    EXPECT_EQ(wrap(b, 0, counting(n)), error_frame(0x02)) << n << " bytes";
  }
  for (size_t n : {0u, 8u, 16u, 23u, 25u, 489u, 496u}) {
    EXPECT_EQ(unwrap(b, 0, counting(n)), error_frame(0x02)) << n << " bytes";
  }
  EXPECT_EQ(b.transact(frame("0E")), error_frame(0x02)) << "no slot";
  EXPECT_EQ(b.transact(frame("0F")), error_frame(0x02));
}

TEST(StsafeLocalEnvelope, SlotAndEnvelopeRefusals) {
  StsafeOnBus b;
  put_envelope_key(b.chip, 0, counting(16, 0x40));
  const Bytes data = counting(24);
  EXPECT_EQ(wrap(b, 1, data), error_frame(0x0A)) << "empty slot";
  EXPECT_EQ(wrap(b, 2, data), error_frame(0x03)) << "beyond the table";
  EXPECT_EQ(unwrap(b, 2, counting(32)), error_frame(0x03));
  const Bytes envelope = payload_of(wrap(b, 0, data));
  ASSERT_EQ(envelope.size(), 32u);
  for (size_t i = 0; i < envelope.size(); i += 7) {
    Bytes bad = envelope;
    bad[i] ^= 0x01;
    EXPECT_EQ(unwrap(b, 0, bad), error_frame(0x18)) << "flipped byte " << i;
  }
  put_envelope_key(b.chip, 1, counting(16, 0x41));
  EXPECT_EQ(unwrap(b, 1, envelope), error_frame(0x18)) << "another slot's key does not open it";
  EXPECT_EQ(unwrap(b, 0, envelope), response_frame(0x00, data));
}

// Fact sheet 7.4: wrap H+C, unwrap H+R. Unprotected frames are refused; through the host channel
// the wrap's command and the unwrap's response travel encrypted.
TEST(StsafeLocalEnvelope, RecommendedAccessTableNeedsTheHostChannel) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 7);
  const Bytes key = counting(32, 0x80);
  put_envelope_key(b.chip, 0, key);
  set_access(b.chip, 0x0E, AccessCondition::kHost, kCommandEncrypted);
  set_access(b.chip, 0x0F, AccessCondition::kHost, kResponseEncrypted);
  const Bytes data = counting(40);
  EXPECT_EQ(wrap(b, 0, data), error_frame(0x11));
  EXPECT_EQ(unwrap(b, 0, aes_key_wrap(key, data)), error_frame(0x11));

  const HostChannel::Reply wrapped = host.exchange(b, hex("0E"), cat({hex("00"), data}), true, false);
  ASSERT_EQ(wrapped.status, 0x00);
  EXPECT_EQ(wrapped.payload, aes_key_wrap(key, data));
  const HostChannel::Reply plain = host.exchange(b, hex("0F"), cat({hex("00"), wrapped.payload}), false, true);
  ASSERT_EQ(plain.status, 0x00);
  EXPECT_EQ(plain.payload, data);
  EXPECT_EQ(b.chip.state().host_key.cmac_counter, 9u);

  // A wrap sent with C-MAC but without the encryption the table asks for does not decrypt.
  const HostChannel::Reply clear = host.exchange(b, hex("0E"), cat({hex("00"), data}), false, false);
  EXPECT_EQ(clear.status, 0x18);
  // A refused unwrap under the channel answers header-only (fact sheet 8.7).
  Bytes bad = wrapped.payload;
  bad[3] ^= 0x80;
  EXPECT_EQ(host.exchange(b, hex("0F"), cat({hex("00"), bad}), false, true).status, 0x18);
}

TEST(StsafeLocalEnvelope, GenerateWrapKeyThroughTheHostChannel) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 0);
  set_access(b.chip, 0x11, AccessCondition::kHost);
  EXPECT_EQ(b.transact(frame("11 07 00 00")), error_frame(0x11));
  EXPECT_FALSE(b.chip.state().local_envelope_keys[0].present);
  EXPECT_EQ(host.exchange(b, hex("11"), hex("07 00 00")).status, 0x00);
  EXPECT_TRUE(b.chip.state().local_envelope_keys[0].present);
}

TEST(StsafeLocalEnvelope, KeysSurviveResetAndPowerCycle) {
  StsafeOnBus b;
  ASSERT_EQ(b.transact(frame("11 07 01 01")), kOk);
  const Bytes data = counting(64);
  const Bytes envelope = payload_of(wrap(b, 1, data));
  ASSERT_EQ(b.transact(frame("01")), kOk);
  b.chip.power_cycle();
  EXPECT_EQ(unwrap(b, 1, envelope), response_frame(0x00, data));
}

TEST(StsafeLocalEnvelope, APowerCutDuringGenerationLeavesNoKeyOrTheWholeKey) {
  StsafeOnBus reference;
  ASSERT_EQ(reference.transact(frame("11 07 00 01")), kOk);
  const LocalEnvelopeKey generated = reference.chip.state().local_envelope_keys[0];
  ASSERT_TRUE(generated.present);
  bool saw_empty = false, saw_key = false;
  for (uint64_t cut = 0; cut < 20; ++cut) {
    StsafeOnBus b;
    b.chip.nvm().arm_power_cut_after_words(cut);
    ASSERT_EQ(b.write(frame("11 07 00 01")), BusOutcome::kAck);
    b.scheduler.advance_by(100 * kMillisecond);
    const bool fired = b.chip.nvm().power_cut_fired();
    b.chip.nvm().clear_power_cut();
    b.chip.power_cycle();
    const LocalEnvelopeKey k =
        b.chip.state().local_envelope_keys[0];  // a copy: the regeneration below changes the state
    EXPECT_TRUE(k == LocalEnvelopeKey{} || k == generated) << "cut after " << cut << " words";
    if (fired) {
      EXPECT_FALSE(b.chip.has_response()) << "a command cut by power loss is never answered";
    }
    if (k.present) {
      // A key that landed wraps as the uncut one does.
      EXPECT_EQ(payload_of(wrap(b, 0, counting(16))), aes_key_wrap(generated.key, counting(16)));
    } else {
      // The random counter may have moved on (a block is never served twice); generation works again.
      EXPECT_EQ(b.transact(frame("11 07 00 01")), kOk) << "cut after " << cut << " words";
    }
    saw_empty = saw_empty || !k.present;
    saw_key = saw_key || k.present;
  }
  EXPECT_TRUE(saw_empty);
  EXPECT_TRUE(saw_key);
}

TEST(StsafeLocalEnvelope, JsonRoundTrip) {
  StsafeOnBus b;
  ASSERT_EQ(b.transact(frame("11 07 00 00")), kOk);
  ASSERT_EQ(b.transact(frame("11 07 01 01")), kOk);
  const nlohmann::json saved = b.chip.save_state();
  const nlohmann::json& keys = saved.at("local_envelope_keys");
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].at("slot"), 0);
  EXPECT_EQ(keys[0].at("type"), "aes128");
  EXPECT_EQ(keys[0].at("key").get<std::string>().size(), 32u);
  EXPECT_EQ(keys[1].at("type"), "aes256");
  StsafeOnBus restored;
  restored.chip.load_state(JsonView(saved, "test.json", "$.state"));
  EXPECT_EQ(restored.chip.state(), b.chip.state());
  EXPECT_EQ(restored.chip.save_state(), saved);
  EXPECT_EQ(wrap(restored, 1, counting(16)), wrap(b, 1, counting(16)));
}

TEST(StsafeLocalEnvelope, JsonLoadErrorsNameTheField) {
  auto error_path = [](const nlohmann::json& keys) -> std::string {
    StsafeOnBus b;
    try {
      b.chip.load_state(JsonView(nlohmann::json{{"local_envelope_keys", keys}}, "test.json", "$.state"));
    } catch (const FixtureError& e) {
      return e.path();
    }
    return "";
  };
  using J = nlohmann::json;
  const std::string key16(32, 'A');
  EXPECT_EQ(error_path(J{{{"slot", 2}, {"type", "aes128"}, {"key", key16}}}), "$.state.local_envelope_keys[0].slot");
  EXPECT_EQ(error_path(J{{{"slot", 0}, {"type", "aes256"}, {"key", key16}}}), "$.state.local_envelope_keys[0].key");
  EXPECT_EQ(error_path(J{{{"slot", 0}, {"type", "aes192"}, {"key", key16}}}), "$.state.local_envelope_keys[0].type");
  EXPECT_EQ(error_path(J{{{"slot", 0}, {"type", "aes128"}, {"key", key16}},
                         {{"slot", 0}, {"type", "aes128"}, {"key", key16}}}),
            "$.state.local_envelope_keys[1].slot");
  EXPECT_EQ(error_path(J{{{"slot", 0}, {"type", "aes128"}, {"key", key16}, {"lock", true}}}),
            "$.state.local_envelope_keys[0].lock");
  EXPECT_EQ(error_path(J{{{"slot", 1}, {"type", "aes128"}, {"key", key16}}}), "");
}

TEST(StsafeLocalEnvelope, NvmRecordNames) {
  EXPECT_EQ(nvm_record_name(0xF00), "local envelope key slot 0 bank A commit word");
  EXPECT_EQ(nvm_record_name(0xF00 + 0x28 + 4), "local envelope key slot 0 bank B");
  EXPECT_EQ(nvm_record_name(0xF00 + 3 * 0x28), "local envelope key slot 1 bank B commit word");
  EXPECT_EQ(nvm_record_name(0xFC0), "password word");
  EXPECT_EQ(nvm_record_name(0xFC4 + 15), "password");
  EXPECT_EQ(nvm_record_name(0xFD4), "unused");
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
