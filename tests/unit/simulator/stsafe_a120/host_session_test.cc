// The host secure channel on the model (fact sheet section 3, 8.1, 8.5-8.7): the published vectors
// byte for byte, then every refusal, each shown to change nothing it must not.
#include <gtest/gtest.h>

#include "simulator/stsafe_a120/host_session.h"
#include "tests/unit/simulator/stsafe_a120/example_keys.h"

namespace kb::sim::stsafe_a120 {
namespace {

using namespace test_support;

const Bytes kVector1Wire = hex("E9 03 03 04 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 85 C7 F1 32 98 52");

std::vector<uint8_t> nvm_bytes(const Stsafe& chip) {
  return std::vector<uint8_t>(chip.nvm().bytes().begin(), chip.nvm().bytes().end());
}

// Fact sheet 3.6 vectors 1 and 2: LIB's C-MAC'd generate MAC at C = 0, and the R-MAC'd answer.
TEST(StsafeHostSession, Vectors1And2GenerateMacAtCounterZero) {
  StsafeOnBus b;
  give_test_host_keys(b.chip, 0);
  put_cmac_example_key(b.chip);
  set_access(b.chip, 0x09, AccessCondition::kHost);
  EXPECT_EQ(b.transact(kVector1Wire), hex("40 00 0A BE 4C A3 F2 1F 50 EE 9C ED 39"));
  EXPECT_EQ(b.chip.state().host_key.cmac_counter, 1u);
}

// The host side of the same vectors, computed by the tests' own helpers: they agree with the
// published bytes, so the helpers can stand in for the host library in the other tests.
TEST(StsafeHostSession, TestHelpersReproduceVectors1And2) {
  const Bytes payload = generate_mac_example_payload();
  EXPECT_EQ(c_mac(test_mac_key(), 0, hex("E9"), payload), hex("85 C7 F1 32"));
  EXPECT_EQ(HostChannel({test_mac_key(), test_cipher_key(), 0}).frame(hex("09"), payload), kVector1Wire);
  EXPECT_EQ(r_mac(test_mac_key(), 1, hex("E9"), payload, 0x40, hex("BE 4C A3 F2")), hex("1F 50 EE 9C"));
}

// The model's own MAC and IV functions against the same published values.
TEST(StsafeHostSession, ModelChannelFunctionsMatchTheVectors) {
  const Bytes payload = generate_mac_example_payload();
  const auto cmac = command_mac(test_mac_key(), 0, hex("E9"), payload);
  EXPECT_EQ(Bytes(cmac.begin(), cmac.end()), hex("85 C7 F1 32"));
  const auto rmac = response_mac(test_mac_key(), 1, hex("E9"), payload, 0x40, hex("BE 4C A3 F2"));
  EXPECT_EQ(Bytes(rmac.begin(), rmac.end()), hex("1F 50 EE 9C"));
  const auto civ = command_iv(test_cipher_key(), 3);
  EXPECT_EQ(Bytes(civ.begin(), civ.end()), hex("4C 60 4A 2D E3 01 5C E8 E3 A1 51 51 83 14 1D D8"));  // vector 3
  const auto riv = response_iv(test_cipher_key(), 4);
  EXPECT_EQ(Bytes(riv.begin(), riv.end()), hex("81 93 C3 FE 91 D0 E8 2E 22 60 E8 C8 EC 31 79 CF"));  // vector 4
  EXPECT_EQ(add_padding(counting(16)).size(), 32u);
  EXPECT_EQ(add_padding({}), hex("80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"));
  EXPECT_EQ(remove_padding(add_padding(counting(43))), counting(43));
  EXPECT_FALSE(remove_padding(counting(16)).has_value());
  EXPECT_FALSE(remove_padding(repeat(0x00, 16)).has_value());
}

// Fact sheet 3.6 vector 3 (and 7.3 step 6 under the recommended table): encrypt with CCM*, the
// command encrypted, at C = 2. The response is plain (flags = command only) and R-MAC'd at C' = 3.
TEST(StsafeHostSession, Vector3EncryptedCcmCommandAtCounterTwo) {
  StsafeOnBus b;
  give_test_host_keys(b.chip, 2);
  put_ccm_example_key(b.chip);
  set_access(b.chip, 0x1B, AccessCondition::kHost, kCommandEncrypted);
  EXPECT_EQ(channel_iv(test_cipher_key(), 3, 0x80), hex("4C 60 4A 2D E3 01 5C E8 E3 A1 51 51 83 14 1D D8"));
  const Bytes wire = hex(
      "FB 41 84 45 39 CD 81 90 BE 5A C5 DC 23 56 CF 55 AD 24 67 3E A5 8D 20 7C 78 53 55 59 5B B3 65 2E 3A 17 9F E9 D0 "
      "12 8C 00 3A 2E 48 A5 7D 47 E2 23 40 A2 77 CD F4 5E DA");
  // Our host helper builds the same wire bytes from the plaintext.
  EXPECT_EQ(HostChannel({test_mac_key(), test_cipher_key(), 2}).frame(hex("1B"), ccm_encrypt_example_payload(), true),
            wire);

  const Bytes result = cat({ccm_example_ciphertext(), ccm_example_tag(), hex("00")});
  const Bytes sent_payload(wire.begin() + 1, wire.end() - 6);
  const Bytes body = cat({result, r_mac(test_mac_key(), 3, hex("FB"), sent_payload, 0x40, result)});
  EXPECT_EQ(b.transact(wire), response_frame(0x40, body));
  EXPECT_EQ(b.chip.state().host_key.cmac_counter, 3u);
}

// Fact sheet 3.6 vector 4 and 7.3 step 7: decrypt with the response encrypted, C = 3. The
// published C-MAC 0C 24 FC BE and CRC 99 FC pin the command; the response IV is vector 4's.
TEST(StsafeHostSession, Vector4EncryptedResponseOfCcmDecrypt) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 3);
  put_ccm_example_key(b.chip);
  set_access(b.chip, 0x1C, AccessCondition::kHost, kResponseEncrypted);
  const Bytes wire = host.frame(hex("1C"), ccm_decrypt_example_payload());
  EXPECT_EQ(Bytes(wire.end() - 6, wire.end()), hex("0C 24 FC BE 99 FC"));
  EXPECT_EQ(channel_iv(test_cipher_key(), 4, 0xC0), hex("81 93 C3 FE 91 D0 E8 2E 22 60 E8 C8 EC 31 79 CF"));

  const Bytes r = b.transact(wire);
  ASSERT_EQ(r.size(), 3u + 0x26);
  EXPECT_EQ(Bytes(r.begin(), r.begin() + 3), hex("40 00 26"));
  const Bytes encrypted(r.begin() + 3, r.begin() + 35);
  const Bytes plain = aes_cbc(test_cipher_key(), channel_iv(test_cipher_key(), 4, 0xC0), encrypted, false);
  EXPECT_EQ(plain, pad(cat({hex("01"), counting(16)})));
  EXPECT_EQ(Bytes(r.begin() + 35, r.begin() + 39),
            r_mac(test_mac_key(), 4, hex("FC"), ccm_decrypt_example_payload(), 0x40, encrypted));
}

// Fact sheet 3.6 vector 5: a protected extended command starts FF <ext>.
TEST(StsafeHostSession, Vector5ProtectedExtendedCommand) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 0);
  const Bytes wire = host.frame(hex("1F 0B"), p256_curve_id());
  EXPECT_EQ(Bytes(wire.begin(), wire.begin() + 12), hex("FF 0B 00 08 2A 86 48 CE 3D 03 01 07"));
  const HostChannel::Reply reply = host.exchange(b, hex("1F 0B"), p256_curve_id());
  EXPECT_EQ(reply.status, 0x00);
  ASSERT_EQ(reply.payload.size(), 79u);
  EXPECT_EQ(Bytes(reply.payload.begin(), reply.payload.begin() + 13), hex("00 08 2A 86 48 CE 3D 03 01 07 04 00 20"));
  EXPECT_EQ(b.chip.state().host_key.cmac_counter, 1u);
}

TEST(StsafeHostSession, EveryValidCommandAdvancesTheCounterByOne) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 40);
  put_cmac_example_key(b.chip);
  for (uint32_t i = 0; i < 5; ++i) {
    const HostChannel::Reply reply = host.exchange(b, hex("09"), generate_mac_example_payload());
    EXPECT_EQ(reply.status, 0x00);
    EXPECT_EQ(reply.payload, hex("BE 4C A3 F2"));
    EXPECT_EQ(b.chip.state().host_key.cmac_counter, 41 + i);
  }
  // The counter is in the NVM: it survives power loss.
  b.chip.power_cycle();
  EXPECT_EQ(b.chip.state().host_key.cmac_counter, 45u);
  EXPECT_EQ(b.transact(frame("14 47")), response_frame(0x00, hex("01 00 00 00 00 2D")));
}

// Fact sheet 8.7: the counter advances on a validly MACed command that then fails, and the error
// answer is header-only without an R-MAC.
TEST(StsafeHostSession, FailingCommandStillSpendsItsCounter) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 7);
  EXPECT_EQ(b.transact(host.frame(hex("09"), generate_mac_example_payload())), error_frame(0x0A));  // slot 3 empty
  EXPECT_EQ(b.chip.state().host_key.cmac_counter, 8u);
}

// Fact sheet 3.4: C + 1 reaches the NVM before the command does anything, so a power cut inside
// the command never leaves a validly MACed frame replayable.
TEST(StsafeHostSession, CounterIsPersistedBeforeTheCommandRuns) {
  for (uint64_t cut = 0;; ++cut) {
    StsafeOnBus b;
    HostChannel host = give_test_host_keys(b.chip, 20);
    State s = b.chip.state();
    s.symmetric_key_control[3].plaintext = true;
    b.chip.set_state(s);
    const Bytes wire = host.frame(hex("1F 17"), cat({hex("00 03 00 01 00 03 02"), repeat(0x5A, 16)}));
    const auto before = nvm_bytes(b.chip);
    b.chip.nvm().arm_power_cut_after_words(cut);
    ASSERT_EQ(b.write(wire), BusOutcome::kAck);
    b.scheduler.advance_by(600 * kMillisecond);
    const bool fired = b.chip.nvm().power_cut_fired();
    b.chip.nvm().clear_power_cut();
    b.chip.power_cycle();
    if (nvm_bytes(b.chip) != before) {
      EXPECT_EQ(b.chip.state().host_key.cmac_counter, 21u) << "cut after " << cut << " words";
      EXPECT_EQ(b.transact(wire), error_frame(0x16)) << "cut after " << cut << " words";
    } else {
      EXPECT_EQ(b.chip.state().host_key.cmac_counter, 20u);
    }
    if (cut == 1) {
      EXPECT_FALSE(b.chip.state().symmetric_keys[3].present) << "only the counter word landed";
    }
    if (!fired) {
      EXPECT_TRUE(b.chip.state().symmetric_keys[3].present);
      break;
    }
  }
}

// Every single-bit flip of the C-MAC, the header, the payload: INVALID_C_MAC, counter and NVM
// unchanged, the command not run.
TEST(StsafeHostSession, TamperedCommandIsRefusedAndChangesNothing) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 5);
  put_cmac_example_key(b.chip);
  const Bytes good = host.frame(hex("09"), generate_mac_example_payload());
  const auto before = nvm_bytes(b.chip);
  const uint64_t programs = b.chip.nvm().program_operations();
  for (size_t byte = 0; byte + 2 < good.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes covered(good.begin(), good.end() - 2);
      covered[byte] = static_cast<uint8_t>(covered[byte] ^ (1u << bit));
      const uint8_t header = covered[0];
      if (byte == 0 && (header & 0xE0) != 0xE0) continue;  // no longer a host-channel frame
      const Bytes r = b.transact(with_crc(covered));
      ASSERT_EQ(r.size(), 5u) << "byte " << byte << " bit " << bit;
      // A flipped code bit can land on a command the model does not know; the MAC is checked first
      // anyway, so every flip is an invalid C-MAC.
      EXPECT_EQ(r, error_frame(0x16)) << "byte " << byte << " bit " << bit;
    }
  }
  EXPECT_EQ(nvm_bytes(b.chip), before);
  EXPECT_EQ(b.chip.nvm().program_operations(), programs);
  // The genuine frame still works at the unchanged counter.
  EXPECT_EQ(host.exchange(b, hex("09"), generate_mac_example_payload()).payload, hex("BE 4C A3 F2"));
}

TEST(StsafeHostSession, ReplayedCommandIsRefused) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 0);
  put_cmac_example_key(b.chip);
  const Bytes first = host.frame(hex("09"), generate_mac_example_payload());
  EXPECT_EQ(b.transact(first)[0], 0x40);
  const auto after_first = nvm_bytes(b.chip);
  EXPECT_EQ(b.transact(first), error_frame(0x16)) << "same bytes, old counter";
  EXPECT_EQ(b.chip.state().host_key.cmac_counter, 1u);
  EXPECT_EQ(nvm_bytes(b.chip), after_first);
  // An older frame still (C = 0 after C = 1 was used) is refused too; the next counter value works.
  host.counter = 1;
  EXPECT_EQ(host.exchange(b, hex("09"), generate_mac_example_payload()).status, 0x00);
}

TEST(StsafeHostSession, CommandMacedForAFutureCounterIsRefused) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 3);
  host.counter = 4;
  EXPECT_EQ(b.transact(host.frame(hex("00"), hex("01 02"))), error_frame(0x16));
  EXPECT_EQ(b.chip.state().host_key.cmac_counter, 3u);
}

TEST(StsafeHostSession, WrongHostKeyIsRefused) {
  StsafeOnBus b;
  give_test_host_keys(b.chip, 0);
  HostChannel impostor{repeat(0x11, 16), test_cipher_key(), 0};
  EXPECT_EQ(b.transact(impostor.frame(hex("00"), hex("01"))), error_frame(0x16));
  EXPECT_EQ(b.chip.state().host_key.cmac_counter, 0u);
}

// Fact sheet 8.5: a command whose AC is HOST, sent without the channel, is refused and not run.
TEST(StsafeHostSession, UnprotectedCommandWithHostAccessConditionIsRefused) {
  StsafeOnBus b;
  give_test_host_keys(b.chip, 9);
  put_cmac_example_key(b.chip);
  set_access(b.chip, 0x09, AccessCondition::kHost);
  const auto before = nvm_bytes(b.chip);
  EXPECT_EQ(b.transact(with_crc(cat({hex("09"), generate_mac_example_payload()}))), error_frame(0x11));
  EXPECT_EQ(nvm_bytes(b.chip), before);
  // The factory table's one HOST entry, 0x08, the same way (the model does not implement it, but
  // the access condition is checked first).
  EXPECT_EQ(b.transact(frame("08 00")), error_frame(0x11));
}

TEST(StsafeHostSession, UnprotectedCommandTheTableWantsEncryptedIsRefused) {
  StsafeOnBus b;
  give_test_host_keys(b.chip, 0);
  put_ccm_example_key(b.chip);
  set_access(b.chip, 0x1B, AccessCondition::kFree, kCommandEncrypted);
  const auto before = nvm_bytes(b.chip);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1B"), ccm_encrypt_example_payload()}))), error_frame(0x11));
  EXPECT_EQ(nvm_bytes(b.chip), before);
}

TEST(StsafeHostSession, NeverAndAdminCannotBeSatisfied) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 0);
  set_access(b.chip, 0x00, AccessCondition::kNever);
  EXPECT_EQ(b.transact(frame("00 01")), error_frame(0x11));
  EXPECT_EQ(host.exchange(b, hex("00"), hex("01")).status, 0x11);
  EXPECT_EQ(b.chip.state().host_key.cmac_counter, 1u) << "the MAC was valid: counter spent";
  set_access(b.chip, 0x02, AccessCondition::kAdmin);
  EXPECT_EQ(host.exchange(b, hex("02"), hex("00 10")).status, 0x11);
}

// A protected frame of a FREE command is served on the channel.
TEST(StsafeHostSession, FreeCommandMayBeProtected) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 0);
  const HostChannel::Reply reply = host.exchange(b, hex("00"), hex("0A 0B 0C"));
  EXPECT_EQ(reply.status, 0x00);
  EXPECT_EQ(reply.payload, hex("0A 0B 0C"));
  // And an empty response payload still carries the R-MAC.
  EXPECT_EQ(host.exchange(b, hex("1F 06"), {}).status, 0x00);
}

// Fact sheet 8.5: a C-MAC with no host key to check it against.
TEST(StsafeHostSession, NoHostKeyAnswersKeyNotFound) {
  StsafeOnBus b;
  const auto before = nvm_bytes(b.chip);
  EXPECT_EQ(b.transact(kVector1Wire), error_frame(0x0A));
  EXPECT_EQ(nvm_bytes(b.chip), before);
}

// Fact sheet 8.6: at 0xFFFFFFFF nothing more runs.
TEST(StsafeHostSession, CounterExhaustion) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 0xFFFFFFFE);
  put_cmac_example_key(b.chip);
  EXPECT_EQ(host.exchange(b, hex("09"), generate_mac_example_payload()).status, 0x00);
  EXPECT_EQ(b.chip.state().host_key.cmac_counter, 0xFFFFFFFFu);
  const auto before = nvm_bytes(b.chip);
  EXPECT_EQ(b.transact(host.frame(hex("09"), generate_mac_example_payload())), error_frame(0x09));
  EXPECT_EQ(nvm_bytes(b.chip), before);
  EXPECT_EQ(b.chip.state().host_key.cmac_counter, 0xFFFFFFFFu);
  // Unprotected FREE commands still run.
  EXPECT_EQ(b.transact(frame("00 01")), response_frame(0x00, hex("01")));
}

TEST(StsafeHostSession, OnlyTheFullHostChannelHeaderIsAccepted) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 0);
  for (uint8_t flags : {0x80, 0xC0, 0xA0}) {
    const Bytes h{static_cast<uint8_t>(0x00 | flags)};
    const Bytes wire = with_crc(cat({h, hex("01"), c_mac(test_mac_key(), 0, h, hex("01"))}));
    EXPECT_EQ(b.transact(wire), error_frame(0x07)) << int(flags);
  }
  for (uint8_t flags : {0x40, 0x20, 0x60}) {
    EXPECT_EQ(b.transact(with_crc({static_cast<uint8_t>(flags), 0x01})), error_frame(0x07)) << int(flags);
  }
  EXPECT_EQ(b.chip.state().host_key.cmac_counter, 0u);
}

TEST(StsafeHostSession, BadlyEncryptedCommandIsADecryptionError) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 0);
  set_access(b.chip, 0x00, AccessCondition::kHost, kCommandEncrypted);
  // Sent in clear although the table says encrypted: 3 bytes are not whole blocks.
  EXPECT_EQ(host.exchange(b, hex("00"), hex("01 02 03")).status, 0x18);
  // 16 bytes of ciphertext of a block without valid padding.
  const Bytes no_padding = aes_cbc(test_cipher_key(), channel_iv(test_cipher_key(), 2, 0x80), counting(16), true);
  EXPECT_EQ(host.exchange(b, hex("00"), no_padding).status, 0x18);
  EXPECT_EQ(b.chip.state().host_key.cmac_counter, 2u);
  // The real thing.
  const HostChannel::Reply reply = host.exchange(b, hex("00"), hex("01 02 03"), true);
  EXPECT_EQ(reply.status, 0x00);
  EXPECT_EQ(reply.payload, hex("01 02 03"));
}

TEST(StsafeHostSession, EncryptedCommandAndResponseRoundTrip) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 100);
  set_access(b.chip, 0x00, AccessCondition::kHost, kCommandEncrypted | kResponseEncrypted);
  for (size_t n : {1u, 15u, 16u, 17u, 32u, 100u}) {
    const HostChannel::Reply reply = host.exchange(b, hex("00"), counting(n, 0x30), true, true);
    EXPECT_EQ(reply.status, 0x00);
    EXPECT_EQ(reply.payload, counting(n, 0x30)) << n;
  }
}

// Fact sheet 2.6 / ISS #47: a host key write on the channel is answered under the old keys, and
// the old keys are dead afterwards.
TEST(StsafeHostSession, HostKeyRewriteAnswersWithOldKeysThenOldKeysFail) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 10);
  HostKeyControl c;
  c.reprovision = true;
  b.chip.set_host_key_control(c);
  const Bytes new_mac = repeat(0xA1, 16), new_cipher = repeat(0xB2, 16);
  EXPECT_EQ(host.exchange(b, hex("1F 07"), cat({hex("00 00 00 00"), new_mac, new_cipher})).status, 0x00);
  EXPECT_EQ(b.chip.state().host_key.cmac_counter, 0u);
  EXPECT_EQ(b.transact(host.frame(hex("00"), hex("01"))), error_frame(0x16));
  HostChannel fresh{new_mac, new_cipher, 0};
  EXPECT_EQ(fresh.exchange(b, hex("00"), hex("01")).status, 0x00);
}

// Query 0x24 reports the table the chip enforces.
TEST(StsafeHostSession, QueryReportsTheEnforcedTable) {
  StsafeOnBus b;
  set_access(b.chip, 0x1B, AccessCondition::kHost, kCommandEncrypted);
  const Bytes r = b.transact(hex("14 24 9A 90"));
  const Bytes payload(r.begin() + 3, r.end() - 2);
  // Record 17 (0-based 16) is 0x1B: code, AC, flags.
  EXPECT_EQ(Bytes(payload.begin() + 2 + 16 * 3, payload.begin() + 2 + 17 * 3), hex("1B 03 02"));
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
