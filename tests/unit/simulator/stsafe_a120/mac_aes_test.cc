// Generate/verify MAC (AES-CMAC) and encrypt/decrypt (CCM*, ECB) with slot keys (fact sheet 2.5,
// 2.8, 8.9, 8.10), against the fact sheet's examples, RFC 4493, RFC 3610 and FIPS-197.
#include <gtest/gtest.h>

#include "tests/unit/simulator/stsafe_a120/ccm_reference.h"
#include "tests/unit/simulator/stsafe_a120/example_keys.h"

namespace kb::sim::stsafe_a120 {
namespace {

using namespace test_support;

Bytes ok_payload(const Bytes& response) {
  EXPECT_GE(response.size(), 5u);
  EXPECT_EQ(response[0], 0x00);
  return Bytes(response.begin() + 3, response.end() - 2);
}

SymmetricKeyInfo info(uint8_t slot, SymmetricKeyType type, KeyMode mode, uint8_t usage) {
  SymmetricKeyInfo i;
  i.slot = slot;
  i.type = type;
  i.mode = mode;
  i.usage = usage;
  if (mode == KeyMode::kCmac) i.min_mac_length = 2;
  return i;
}

Bytes ccm_encrypt_payload(uint8_t slot, const Bytes& nonce, const Bytes& aad, const Bytes& message) {
  return cat({Bytes{0x02, slot}, nonce, be16(aad.size()), aad, be16(message.size()), message});
}
Bytes ccm_decrypt_payload(uint8_t slot, const Bytes& nonce, const Bytes& aad, const Bytes& sealed) {
  return cat({Bytes{0x02, slot}, nonce, be16(aad.size()), aad, be16(sealed.size()), sealed});
}

// Fact sheet 2.5 / 7.2 steps 6-7: the verified frames.
TEST(StsafeMac, FactSheetGenerateAndVerifyExamples) {
  StsafeOnBus b;
  put_cmac_example_key(b.chip);
  EXPECT_EQ(b.transact(hex("09 03 03 04 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F B7 9E")),
            hex("00 00 06 BE 4C A3 F2 F2 76"));
  EXPECT_EQ(b.transact(hex("0A 02 03 04 BE 4C A3 F2 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 0B CB")),
            hex("00 00 03 01 1E CE"));
  // A wrong MAC verifies as 0.
  EXPECT_EQ(b.transact(with_crc(cat({hex("0A 02 03 04 BE 4C A3 F3"), counting(16)}))), response_frame(0x00, hex("00")));
}

// RFC 4493 section 4, all four examples, full 16-byte MACs through the commands.
TEST(StsafeMac, Rfc4493Examples) {
  StsafeOnBus b;
  put_key(b.chip, info(0, SymmetricKeyType::kAes128, KeyMode::kCmac, 0x03), hex("2b7e151628aed2a6abf7158809cf4f3c"));
  const Bytes m64 = hex(
      "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17"
      "ad2b417be66c3710");
  const struct {
    size_t length;
    Bytes mac;
  } examples[] = {{0, hex("bb1d6929e95937287fa37d129b756746")},
                  {16, hex("070a16b46b4d4144f79bdd9dd04a287c")},
                  {40, hex("dfa66747de9ae63030ca32611497c827")},
                  {64, hex("51f0bebf7e3b9d92fc49741779363cfe")}};
  for (const auto& e : examples) {
    const Bytes m(m64.begin(), m64.begin() + static_cast<long>(e.length));
    EXPECT_EQ(ok_payload(b.transact(with_crc(cat({hex("09 03 00 10"), m})))), e.mac) << e.length;
    EXPECT_EQ(ok_payload(b.transact(with_crc(cat({hex("0A 02 00 10"), e.mac, m})))), hex("01")) << e.length;
    // Truncated MACs are prefixes of the full one.
    EXPECT_EQ(ok_payload(b.transact(with_crc(cat({hex("09 03 00 08"), m})))), Bytes(e.mac.begin(), e.mac.begin() + 8));
    Bytes flipped = e.mac;
    flipped[15] ^= 0x80;
    EXPECT_EQ(ok_payload(b.transact(with_crc(cat({hex("0A 02 00 10"), flipped, m})))), hex("00")) << e.length;
  }
}

TEST(StsafeMac, MacLengthMustBeAllowedAndAtLeastTheMinimum) {
  StsafeOnBus b;
  SymmetricKeyInfo i = info(2, SymmetricKeyType::kAes256, KeyMode::kCmac, 0x03);
  i.min_mac_length = 8;
  put_key(b.chip, i, repeat(0x33, 32));
  for (uint8_t length : {0, 1, 2, 3, 4, 5, 7, 9, 15, 17, 32}) {
    EXPECT_EQ(b.transact(with_crc(cat({hex("09 03 02"), Bytes{length}, counting(5)}))), error_frame(0x1D))
        << int(length);
    EXPECT_EQ(b.transact(with_crc(cat({hex("0A 02 02"), Bytes{length}, repeat(0, length), counting(5)}))),
              error_frame(0x1D))
        << int(length);
  }
  EXPECT_EQ(ok_payload(b.transact(with_crc(cat({hex("09 03 02 08"), counting(5)})))).size(), 8u);
  EXPECT_EQ(ok_payload(b.transact(with_crc(cat({hex("09 03 02 10"), counting(5)})))).size(), 16u);
}

// The set rule on its own: with a minimum of 1, the lengths 1, 3 and 12 (and HMAC's 17..32) are
// refused for their length (0x1D), while 2, 4, 8 and 16 work with the same key, slot and message.
TEST(StsafeMac, CmacLengthsAreTwoFourEightSixteenWhateverTheMinimum) {
  StsafeOnBus b;
  SymmetricKeyInfo i = info(2, SymmetricKeyType::kAes128, KeyMode::kCmac, 0x03);
  i.min_mac_length = 1;
  put_key(b.chip, i, repeat(0x44, 16));
  const Bytes full = aes_cmac(repeat(0x44, 16), counting(5));
  for (uint8_t length = 0; length <= 33; ++length) {
    const bool allowed = length == 2 || length == 4 || length == 8 || length == 16;
    const Bytes generated = b.transact(with_crc(cat({hex("09 03 02"), Bytes{length}, counting(5)})));
    const Bytes mac(full.begin(), full.begin() + std::min<size_t>(length, 16));
    const Bytes verified =
        b.transact(with_crc(cat({hex("0A 02 02"), Bytes{length}, mac, repeat(0, length - mac.size()), counting(5)})));
    if (allowed) {
      EXPECT_EQ(ok_payload(generated), mac) << int(length);
      EXPECT_EQ(ok_payload(verified), hex("01")) << int(length);
    } else {
      EXPECT_EQ(generated, error_frame(0x1D)) << int(length);
      EXPECT_EQ(verified, error_frame(0x1D)) << int(length);
    }
  }
}

TEST(StsafeMac, KeyUsageAndModeAreEnforced) {
  StsafeOnBus b;
  put_key(b.chip, info(1, SymmetricKeyType::kAes128, KeyMode::kCmac, key_usage::kMacVerification), repeat(1, 16));
  put_key(b.chip, info(2, SymmetricKeyType::kAes128, KeyMode::kCmac, key_usage::kMacGeneration), repeat(2, 16));
  put_ccm_example_key(b.chip);
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(frame("09 03 01 04 00")), error_frame(0x1B)) << "verify-only key generating";
  EXPECT_EQ(b.transact(frame("0A 02 02 04 00 00 00 00 00")), error_frame(0x1B)) << "generate-only key verifying";
  EXPECT_EQ(b.transact(frame("09 03 05 04 00")), error_frame(0x1C)) << "CCM key for CMAC";
  EXPECT_EQ(b.transact(frame("09 03 07 04 00")), error_frame(0x0A)) << "empty slot";
  EXPECT_EQ(b.transact(frame("09 03 10 04 00")), error_frame(0x03)) << "slot 16";
  EXPECT_EQ(b.transact(frame("09 02 02 04 00")), error_frame(0x03)) << "sub-command";
  EXPECT_EQ(b.transact(frame("09 03 02")), error_frame(0x02));
  EXPECT_EQ(b.transact(frame("0A 02 01 04 00 00")), error_frame(0x02)) << "MAC cut short";
  EXPECT_EQ(b.chip.save_state(), saved);
}

// Fact sheet 2.5 / 7.3 steps 6-7: the verified frames.
TEST(StsafeCcm, FactSheetEncryptAndDecryptExamples) {
  StsafeOnBus b;
  put_ccm_example_key(b.chip);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1B"), ccm_encrypt_example_payload()}))),
            hex("00 00 17 69 66 30 BB 08 0F E4 1D 61 04 89 D3 DA 23 21 66 0E DB C6 27 00 39 2B"));
  EXPECT_EQ(b.transact(with_crc(cat({hex("1C"), ccm_decrypt_example_payload()}))),
            hex("00 00 13 01 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 86 12"));
  // Our reference CCM agrees with the fact sheet.
  EXPECT_EQ(ccm_reference_encrypt(repeat(0x5A, 32), counting(13), repeat(0x5A, 8), counting(16), 4),
            cat({ccm_example_ciphertext(), ccm_example_tag()}));
}

// RFC 3610 section 8, packet vectors #1 and #2 (AES-128, 13-byte nonce, 8-byte tag).
TEST(StsafeCcm, Rfc3610PacketVectors) {
  StsafeOnBus b;
  SymmetricKeyInfo i =
      info(9, SymmetricKeyType::kAes128, KeyMode::kCcm, key_usage::kEncryption | key_usage::kDecryption);
  i.tag_length = 8;
  const Bytes key = hex("C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF");
  put_key(b.chip, i, key);
  const struct {
    Bytes nonce, message, sealed;
  } vectors[] = {
      {hex("00 00 00 03 02 01 00 A0 A1 A2 A3 A4 A5"), counting(23, 0x08),
       hex("58 8C 97 9A 61 C6 63 D2 F0 66 D0 C2 C0 F9 89 80 6D 5F 6B 61 DA C3 84 17 E8 D1 2C FD F9 26 E0")},
      {hex("00 00 00 04 03 02 01 A0 A1 A2 A3 A4 A5"), counting(24, 0x08),
       hex("72 C9 1A 36 E1 35 F8 CF 29 1C A8 94 08 5C 87 E3 CC 15 C4 39 C9 E4 3A 3B A0 91 D5 6E 10 40 09 16")},
  };
  for (const auto& v : vectors) {
    EXPECT_EQ(ccm_reference_encrypt(key, v.nonce, counting(8), v.message, 8), v.sealed);
    EXPECT_EQ(
        ok_payload(b.transact(with_crc(cat({hex("1B"), ccm_encrypt_payload(9, v.nonce, counting(8), v.message)})))),
        cat({v.sealed, hex("00")}));
    EXPECT_EQ(
        ok_payload(b.transact(with_crc(cat({hex("1C"), ccm_decrypt_payload(9, v.nonce, counting(8), v.sealed)})))),
        cat({hex("01"), v.message}));
  }
}

TEST(StsafeCcm, EveryTagLengthWithAndWithoutAssociatedData) {
  for (uint8_t tag : {0, 4, 8, 16}) {
    StsafeOnBus b;
    SymmetricKeyInfo i =
        info(4, SymmetricKeyType::kAes256, KeyMode::kCcm, key_usage::kEncryption | key_usage::kDecryption);
    i.tag_length = tag;
    const Bytes key = counting(32, 0xA0);
    put_key(b.chip, i, key);
    for (const Bytes& aad : {Bytes{}, counting(3), counting(40)}) {
      for (size_t n : {0u, 1u, 16u, 33u}) {
        const Bytes nonce = counting(13, 0x10);
        const Bytes sealed = ccm_reference_encrypt(key, nonce, aad, counting(n, 0x61), tag);
        EXPECT_EQ(
            ok_payload(b.transact(with_crc(cat({hex("1B"), ccm_encrypt_payload(4, nonce, aad, counting(n, 0x61))})))),
            cat({sealed, hex("00")}))
            << int(tag) << " " << aad.size() << " " << n;
        EXPECT_EQ(ok_payload(b.transact(with_crc(cat({hex("1C"), ccm_decrypt_payload(4, nonce, aad, sealed)})))),
                  cat({hex("01"), counting(n, 0x61)}));
      }
    }
  }
}

// Fact sheet 8.9: a failed tag gives result 0 and zeros, never the decryption. Every bit of the
// ciphertext, the tag, the nonce and the associated data.
TEST(StsafeCcm, AnyFlippedBitFailsWithNoPlaintextReleased) {
  StsafeOnBus b;
  put_ccm_example_key(b.chip);
  const Bytes good = ccm_decrypt_example_payload();
  const Bytes refused = response_frame(0x00, cat({hex("00"), repeat(0x00, 16)}));
  // payload = 02 05 | nonce (2..14) | 00 08 | AAD (17..24) | 00 14 | ciphertext (27..42) | tag (43..46)
  const struct {
    const char* part;
    size_t from, to;
  } parts[] = {{"nonce", 2, 15}, {"aad", 17, 25}, {"ciphertext", 27, 43}, {"tag", 43, 47}};
  ASSERT_EQ(good.size(), 47u);
  size_t checked = 0;
  for (const auto& p : parts) {
    for (size_t i = p.from; i < p.to; ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        Bytes bad = good;
        bad[i] = static_cast<uint8_t>(bad[i] ^ (1u << bit));
        EXPECT_EQ(b.transact(with_crc(cat({hex("1C"), bad}))), refused) << p.part << " byte " << i << " bit " << bit;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 8u * (13 + 8 + 16 + 4));
}

// The same failure through the host channel with response encryption (7.3 step 7 under the
// recommended table): still result 0 and zeros inside the encrypted body.
TEST(StsafeCcm, FailedTagOnTheEncryptedChannelReleasesNothing) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip, 0);
  put_ccm_example_key(b.chip);
  set_access(b.chip, 0x1C, AccessCondition::kHost, kResponseEncrypted);
  Bytes bad = ccm_decrypt_example_payload();
  bad[30] ^= 0x01;
  const HostChannel::Reply reply = host.exchange(b, hex("1C"), bad, false, true);
  EXPECT_EQ(reply.status, 0x00);
  EXPECT_EQ(reply.payload, cat({hex("00"), repeat(0x00, 16)}));
}

TEST(StsafeCcm, CmacKeyCannotEncryptAndUsageIsEnforced) {
  StsafeOnBus b;
  put_cmac_example_key(b.chip);
  SymmetricKeyInfo enc_only = ccm_example_info(6);
  enc_only.usage = key_usage::kEncryption;
  put_key(b.chip, enc_only, repeat(0x5A, 32));
  const auto saved = b.chip.save_state();
  Bytes payload = ccm_encrypt_example_payload();
  payload[1] = 3;
  EXPECT_EQ(b.transact(with_crc(cat({hex("1B"), payload}))), error_frame(0x1C)) << "CMAC key used for CCM";
  Bytes decrypt = ccm_decrypt_example_payload();
  decrypt[1] = 6;
  EXPECT_EQ(b.transact(with_crc(cat({hex("1C"), decrypt}))), error_frame(0x1B)) << "no decryption usage";
  payload[1] = 7;
  EXPECT_EQ(b.transact(with_crc(cat({hex("1B"), payload}))), error_frame(0x0A));
  payload[0] = 0x03;
  EXPECT_EQ(b.transact(with_crc(cat({hex("1B"), payload}))), error_frame(0x03));
  EXPECT_EQ(b.chip.save_state(), saved);
}

TEST(StsafeCcm, MalformedLengthsAreInconsistent) {
  StsafeOnBus b;
  put_ccm_example_key(b.chip);
  const Bytes head = cat({hex("1B 02 05"), counting(13)});
  EXPECT_EQ(b.transact(with_crc(cat({head, hex("00 08"), repeat(0x5A, 8), hex("00 10"), counting(15)}))),
            error_frame(0x02));
  EXPECT_EQ(b.transact(with_crc(cat({head, hex("00 08"), repeat(0x5A, 8), hex("00 10"), counting(17)}))),
            error_frame(0x02));
  // The host library quirk of fact sheet 2.5: AAD length 0 and the message left out.
  EXPECT_EQ(b.transact(with_crc(cat({head, hex("00 00 00 10")}))), error_frame(0x02));
  EXPECT_EQ(b.transact(with_crc(cat({head, hex("00 09"), repeat(0x5A, 8)}))), error_frame(0x02));
  EXPECT_EQ(b.transact(with_crc(cat({hex("1B 02 05"), counting(12)}))), error_frame(0x02));
  // Decrypt data shorter than the slot's 4-byte tag.
  EXPECT_EQ(b.transact(with_crc(cat({hex("1C 02 05"), counting(13), hex("00 00 00 03 01 02 03")}))), error_frame(0x02));
}

// Fact sheet 8.10: a key with a counter writes it into the nonce at its offset and returns it.
TEST(StsafeCcm, CounterIsSubstitutedIntoTheNonceAndAdvances) {
  StsafeOnBus b;
  SymmetricKeyInfo i = ccm_example_info(8);
  i.has_counter = true;
  i.counter_offset = 9;
  put_key(b.chip, i, repeat(0x5A, 32), 7);
  const Bytes sent_nonce = counting(13);
  for (uint32_t expected = 7; expected < 10; ++expected) {
    const Bytes r = ok_payload(
        b.transact(with_crc(cat({hex("1B"), ccm_encrypt_payload(8, sent_nonce, repeat(0x5A, 8), counting(16))}))));
    Bytes nonce = sent_nonce;
    const Bytes c = be32(expected);
    std::copy(c.begin(), c.end(), nonce.begin() + 9);
    EXPECT_EQ(r, cat({ccm_reference_encrypt(repeat(0x5A, 32), nonce, repeat(0x5A, 8), counting(16), 4), hex("01"), c}));
    EXPECT_EQ(b.chip.state().symmetric_keys[8].counter, expected + 1);
    // The host decrypts with the nonce the chip used.
    EXPECT_EQ(ok_payload(b.transact(with_crc(
                  cat({hex("1C"), ccm_decrypt_payload(8, nonce, repeat(0x5A, 8), Bytes(r.begin(), r.begin() + 20))})))),
              cat({hex("01"), counting(16)}));
  }
  // The counter is reported in the key table: 01 01 00 00 0C 04 89 <counter>.
  const Bytes table = ok_payload(b.transact(hex("14 23 EE 2F")));
  EXPECT_EQ(Bytes(table.begin() + 9, table.begin() + 9 + 11), hex("01 01 00 00 0C 04 89 00 00 00 0A"));
}

TEST(StsafeCcm, ExhaustedCounterRefusesToEncrypt) {
  StsafeOnBus b;
  SymmetricKeyInfo i = ccm_example_info(8);
  i.has_counter = true;
  put_key(b.chip, i, repeat(0x5A, 32), 0xFFFFFFFE);
  const Bytes command = with_crc(cat({hex("1B"), ccm_encrypt_payload(8, counting(13), {}, counting(4))}));
  EXPECT_EQ(b.transact(command)[0], 0x00);
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(command), error_frame(0x13));
  EXPECT_EQ(b.chip.save_state(), saved);
}

// A power cut during the counter update: the command is never answered, and the counter is the
// old or the new value; an encryption under a counter value is only ever released after that
// value is spent in the NVM.
TEST(StsafeCcm, TornCounterUpdateNeverReleasesAReusedNonce) {
  for (uint64_t cut = 0; cut < 3; ++cut) {
    StsafeOnBus b;
    SymmetricKeyInfo i = ccm_example_info(8);
    i.has_counter = true;
    put_key(b.chip, i, repeat(0x5A, 32), 0x01020304);
    b.chip.nvm().arm_power_cut_after_words(cut);
    ASSERT_EQ(b.write(with_crc(cat({hex("1B"), ccm_encrypt_payload(8, counting(13), {}, counting(4))}))),
              BusOutcome::kAck);
    b.scheduler.advance_by(100 * kMillisecond);
    const bool fired = b.chip.nvm().power_cut_fired();
    b.chip.nvm().clear_power_cut();
    b.chip.power_cycle();
    const uint32_t counter = b.chip.state().symmetric_keys[8].counter;
    if (fired) {
      EXPECT_FALSE(b.chip.has_response());
      EXPECT_EQ(counter, 0x01020304u);
    } else {
      EXPECT_EQ(counter, 0x01020305u);
    }
  }
}

// FIPS-197 appendix C.1 through ECB.
TEST(StsafeEcb, Fips197Example) {
  StsafeOnBus b;
  put_key(b.chip, info(11, SymmetricKeyType::kAes128, KeyMode::kEcb, key_usage::kEncryption | key_usage::kDecryption),
          hex("000102030405060708090a0b0c0d0e0f"));
  const Bytes plain = hex("00112233445566778899aabbccddeeff");
  const Bytes cipher = hex("69c4e0d86a7b0430d8cdb78070b4c55a");
  EXPECT_EQ(ok_payload(b.transact(with_crc(cat({hex("1B 02 0B"), plain, plain})))), cat({cipher, cipher}));
  EXPECT_EQ(ok_payload(b.transact(with_crc(cat({hex("1C 02 0B"), cipher})))), plain);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1B 02 0B"), counting(15)}))), error_frame(0x02));
  EXPECT_EQ(b.transact(frame("1B 02 0B")), error_frame(0x02));
}

TEST(StsafeEcb, UsageIsEnforced) {
  StsafeOnBus b;
  put_key(b.chip, info(11, SymmetricKeyType::kAes256, KeyMode::kEcb, key_usage::kEncryption), repeat(0x44, 32));
  EXPECT_EQ(ok_payload(b.transact(with_crc(cat({hex("1B 02 0B"), counting(16)})))).size(), 16u);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1C 02 0B"), counting(16)}))), error_frame(0x1B));
  EXPECT_EQ(b.transact(with_crc(cat({hex("09 03 0B 04"), counting(16)}))), error_frame(0x1C)) << "ECB key for CMAC";
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
