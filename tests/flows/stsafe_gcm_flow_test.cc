// The host library's GCM and chunked CCM* / GCM driving the simulated STSAFE-A120: the GCM
// specification's vectors end to end, chunked results equal to the one-shot ones and to OpenSSL,
// the chunked operation lost on reset, and the frame limits of the new commands under the
// recommended access table (fact sheet 7.4: encrypt and the encrypt chunks H+C, decrypt and the
// decrypt chunks H+R), each at its limit and one byte past it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <memory>
#include <random>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/commands/aes.h"
#include "core/stsafe/commands/aes_chunked.h"
#include "simulator/stsafe_a120/stsafe.h"
#include "tests/flows/flow_fixture.h"
#include "tests/flows/wrapped_flow_support.h"

namespace kb::test {
namespace {

using core::Code;
using core::Status;
using core::stsafe::CommandHeader;
namespace cmd = core::stsafe::commands;
namespace model = sim::stsafe_a120;
using Bytes = std::vector<uint8_t>;

const Bytes kHostMacKey = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                           0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};
const Bytes kHostCipherKey = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
                              0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF};
constexpr uint8_t kGcmSlot = 8;
constexpr uint8_t kCcmSlot = 5;

model::Stsafe& chip_of(sim::Bench& bench) {
  return static_cast<model::Stsafe&>(*bench.find("stsafe"));
}

Bytes unhex(std::string_view s) {
  Bytes out;
  for (size_t i = 0; i + 1 < s.size(); i += 2)
    out.push_back(static_cast<uint8_t>(std::stoi(std::string(s.substr(i, 2)), nullptr, 16)));
  return out;
}

Bytes random_bytes(std::mt19937_64& rng, size_t n) {
  Bytes b(n);
  for (uint8_t& x : b) x = static_cast<uint8_t>(rng());
  return b;
}

Bytes part(const Bytes& b, size_t from, size_t to) {
  return Bytes(b.begin() + static_cast<long>(from), b.begin() + static_cast<long>(to));
}

Bytes cat(const Bytes& a, const Bytes& b) {
  Bytes out = a;
  for (uint8_t x : b) out.push_back(x);
  return out;
}

// AES-GCM from OpenSSL: ciphertext | tag (tag_length bytes).
Bytes openssl_gcm(const Bytes& key, const Bytes& iv, const Bytes& aad, const Bytes& message, size_t tag_length) {
  std::unique_ptr<EVP_CIPHER_CTX, void (*)(EVP_CIPHER_CTX*)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  const EVP_CIPHER* cipher = key.size() == 32 ? EVP_aes_256_gcm() : EVP_aes_128_gcm();
  Bytes out(message.size() + 16);
  int n = 0;
  bool ok = EVP_EncryptInit_ex(ctx.get(), cipher, nullptr, nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(iv.size()), nullptr) == 1 &&
            EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), iv.data()) == 1;
  if (ok && !aad.empty()) ok = EVP_EncryptUpdate(ctx.get(), nullptr, &n, aad.data(), static_cast<int>(aad.size())) == 1;
  if (ok && !message.empty())
    ok = EVP_EncryptUpdate(ctx.get(), out.data(), &n, message.data(), static_cast<int>(message.size())) == 1;
  ok = ok && EVP_EncryptFinal_ex(ctx.get(), out.data() + message.size(), &n) == 1 &&
       EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, out.data() + message.size()) == 1;
  EXPECT_TRUE(ok) << "OpenSSL AES-GCM";
  out.resize(message.size() + tag_length);
  return out;
}

model::SymmetricKeyInfo gcm_info(size_t key_length, uint8_t tag_length) {
  model::SymmetricKeyInfo info;
  info.slot = kGcmSlot;
  info.type = key_length == 32 ? model::SymmetricKeyType::kAes256 : model::SymmetricKeyType::kAes128;
  info.mode = model::KeyMode::kGcm;
  info.usage = model::key_usage::kEncryption | model::key_usage::kDecryption | model::key_usage::kChunkedEncryption |
               model::key_usage::kChunkedDecryption;
  info.tag_length = tag_length;
  return info;
}

model::SymmetricKeyInfo ccm_info(uint8_t tag_length) {
  model::SymmetricKeyInfo info = gcm_info(32, tag_length);
  info.slot = kCcmSlot;
  info.mode = model::KeyMode::kCcm;
  return info;
}

void put(model::Stsafe& chip, const model::SymmetricKeyInfo& info, const Bytes& key) {
  chip.set_symmetric_key(info.slot, model::SymmetricKeySlot{true, info, key, 0});
}

// GCM specification test cases 4 (AES-128) and 16 (AES-256): the host library on the model.
TEST(StsafeGcmFlow, SpecificationVectorsEndToEnd) {
  const Bytes iv = unhex("cafebabefacedbaddecaf888"), aad = unhex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  const Bytes message = unhex(
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de6"
      "57ba637b39");
  const struct {
    Bytes key, ciphertext, tag;
  } vectors[] = {
      {unhex("feffe9928665731c6d6a8f9467308308"),
       unhex("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b39"
             "6a0aac973d58e091"),
       unhex("5bc94fbc3221a5db94fae95ae7121a47")},
      {unhex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"),
       unhex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e63"
             "93ba7a0abcc9f662"),
       unhex("76fc6ece0f4e1768cddf8853bb2d551b")},
  };
  for (const auto& v : vectors) {
    SimRun r;
    put(chip_of(r.bench()), gcm_info(v.key.size(), 16), v.key);
    ChipProbe probe(*r.target);
    Bytes ct(message.size()), tag(16), plain(message.size());
    ASSERT_TRUE(probe.se.aes_gcm_encrypt(kGcmSlot, iv, aad, message, ct, tag).ok());
    EXPECT_EQ(ct, v.ciphertext);
    EXPECT_EQ(tag, v.tag);
    auto ok = probe.se.aes_gcm_decrypt(kGcmSlot, iv, aad, v.ciphertext, v.tag, plain);
    ASSERT_TRUE(ok.ok());
    EXPECT_TRUE(*ok);
    EXPECT_EQ(plain, message);
    Bytes bad = v.tag;
    bad[3] ^= 0x10;
    ok = probe.se.aes_gcm_decrypt(kGcmSlot, iv, aad, v.ciphertext, bad, plain);
    ASSERT_TRUE(ok.ok());
    EXPECT_FALSE(*ok);
    EXPECT_EQ(plain, Bytes(message.size(), 0));

    // The same in chunks through ChunkedAes.
    cmd::ChunkedAes op;
    auto key = probe.se.symmetric_key_slot(kGcmSlot);
    ASSERT_TRUE(key.ok());
    Bytes c1(25), c2(message.size() - 25), t(16);
    ASSERT_TRUE(op.start_gcm_encrypt(probe.se.channel(), kGcmSlot, *key, iv, aad, part(message, 0, 25), c1).ok());
    ASSERT_TRUE(op.finish_encrypt(probe.se.channel(), {}, part(message, 25, message.size()), c2, t).ok());
    EXPECT_EQ(cat(c1, c2), v.ciphertext);
    EXPECT_EQ(t, v.tag);
  }
}

// Random inputs in random chunks (GCM every tag length, CCM* every tag length), through the host
// library on the model: chunked == one-shot == OpenSSL, and chunked decryption gives the message.
TEST(StsafeGcmFlow, ChunkedEqualsOneShotAndOpenssl) {
  SimRun r;
  model::Stsafe& chip = chip_of(r.bench());
  ChipProbe probe(*r.target);
  hal::Crypto& crypto = r.target->platform().crypto;
  std::mt19937_64 rng(0x47434D);
  for (int trial = 0; trial < 60; ++trial) {
    const bool gcm = trial % 2 == 0;
    const uint8_t tag_length =
        gcm ? std::array<uint8_t, 7>{4, 8, 12, 13, 14, 15, 16}[rng() % 7] : std::array<uint8_t, 3>{4, 8, 16}[rng() % 3];
    const Bytes key = random_bytes(rng, gcm && trial % 4 == 0 ? 16 : 32);
    put(chip, gcm ? gcm_info(key.size(), tag_length) : ccm_info(tag_length), key);
    ASSERT_TRUE(probe.se.query_symmetric_key_table().ok());
    const uint8_t slot = gcm ? kGcmSlot : kCcmSlot;
    auto record = probe.se.symmetric_key_slot(slot);
    ASSERT_TRUE(record.ok());
    const Bytes nonce = random_bytes(rng, gcm ? 1 + rng() % 16 : 13);
    const Bytes aad = random_bytes(rng, rng() % 50), message = random_bytes(rng, rng() % 900);
    Bytes want;
    if (gcm) {
      want = openssl_gcm(key, nonce, aad, message, tag_length);
    } else {
      Bytes ct(message.size()), tag(tag_length);
      ASSERT_EQ(crypto.aes_ccm_encrypt(key, nonce, aad, message, ct, tag), hal::CryptoResult::kOk);
      want = cat(ct, tag);
    }
    if (message.size() <= 600) {
      Bytes ct(message.size()), tag(tag_length);
      if (gcm) {
        ASSERT_TRUE(probe.se.aes_gcm_encrypt(slot, nonce, aad, message, ct, tag).ok());
      } else {
        ASSERT_TRUE(probe.se.aes_ccm_encrypt(slot, nonce, aad, message, ct, tag).ok());
      }
      EXPECT_EQ(cat(ct, tag), want) << "one-shot " << trial;
    }
    // Chunks of at most 300 bytes: AAD with the start, the message in pieces.
    cmd::ChunkedAes op;
    core::stsafe::CommandChannel& ch = probe.se.channel();
    size_t at = std::min<size_t>(message.size(), rng() % 300);
    Bytes got(at);
    if (gcm) {
      ASSERT_TRUE(op.start_gcm_encrypt(ch, slot, *record, nonce, aad, part(message, 0, at), got).ok());
    } else {
      ASSERT_TRUE(
          op.start_ccm_encrypt(ch, slot, *record, nonce, aad.size(), message.size(), aad, part(message, 0, at), got)
              .ok());
    }
    while (message.size() - at > 300) {
      const size_t n = 1 + rng() % 300;
      Bytes out(n);
      ASSERT_TRUE(op.process(ch, {}, part(message, at, at + n), out).ok());
      got = cat(got, out);
      at += n;
    }
    Bytes last(message.size() - at), tag(tag_length);
    ASSERT_TRUE(op.finish_encrypt(ch, {}, part(message, at, message.size()), last, tag).ok());
    EXPECT_EQ(cat(cat(got, last), tag), want) << "chunked " << trial;

    // Chunked decryption of OpenSSL's output.
    const Bytes ciphertext = part(want, 0, message.size()), want_tag = part(want, message.size(), want.size());
    at = std::min<size_t>(message.size(), rng() % 300);
    Bytes plain(at);
    if (gcm) {
      ASSERT_TRUE(op.start_gcm_decrypt(ch, slot, *record, nonce, aad, part(ciphertext, 0, at), plain).ok());
    } else {
      ASSERT_TRUE(op.start_ccm_decrypt(ch, slot, *record, nonce, aad.size(), message.size(), aad,
                                       part(ciphertext, 0, at), plain)
                      .ok());
    }
    while (message.size() - at > 300) {
      const size_t n = 1 + rng() % 300;
      Bytes out(n);
      ASSERT_TRUE(op.process(ch, {}, part(ciphertext, at, at + n), out).ok());
      plain = cat(plain, out);
      at += n;
    }
    Bytes rest(message.size() - at);
    auto verified = op.finish_decrypt(ch, {}, part(ciphertext, at, message.size()), want_tag, rest);
    ASSERT_TRUE(verified.ok());
    EXPECT_TRUE(*verified) << trial;
    EXPECT_EQ(cat(plain, rest), message) << trial;
  }
}

// A reset between start and finish: the chip has forgotten the operation (0x07), and so has the
// host's record once the chip said so.
TEST(StsafeGcmFlow, ResetEndsTheChunkedOperation) {
  SimRun r;
  put(chip_of(r.bench()), gcm_info(16, 16), Bytes(16, 0x11));
  ChipProbe probe(*r.target);
  auto key = probe.se.symmetric_key_slot(kGcmSlot);
  ASSERT_TRUE(key.ok());
  cmd::ChunkedAes op;
  Bytes none;
  ASSERT_TRUE(op.start_gcm_encrypt(probe.se.channel(), kGcmSlot, *key, Bytes(12, 1), Bytes(4, 2), {}, none).ok());
  ASSERT_TRUE(probe.se.reset().ok());
  Bytes out(16), tag(16);
  EXPECT_EQ(op.finish_encrypt(probe.se.channel(), {}, Bytes(16, 3), out, tag),
            Status::device(core::Domain::kStsafe, 0x07));
  EXPECT_FALSE(op.running());
}

// The chip's refusals reach the caller as its status: a key without the chunked usage bit (0x1B),
// and the host's record ends with them.
TEST(StsafeGcmFlow, ChipRefusesAKeyWithoutTheChunkedUsageBit) {
  SimRun r;
  model::SymmetricKeyInfo info = gcm_info(16, 16);
  info.usage = model::key_usage::kEncryption | model::key_usage::kDecryption;
  put(chip_of(r.bench()), info, Bytes(16, 0x22));
  ChipProbe probe(*r.target);
  auto key = probe.se.symmetric_key_slot(kGcmSlot);
  ASSERT_TRUE(key.ok());
  cmd::ChunkedAes op;
  Bytes none;
  EXPECT_EQ(op.start_gcm_encrypt(probe.se.channel(), kGcmSlot, *key, Bytes(12, 1), {}, {}, none),
            Status::device(core::Domain::kStsafe, 0x1B));
  EXPECT_EQ(op.start_gcm_decrypt(probe.se.channel(), kGcmSlot, *key, Bytes(12, 1), {}, {}, none),
            Status::device(core::Domain::kStsafe, 0x1B));
  EXPECT_FALSE(op.running());
  // One-shot still works with the plain usage bits.
  Bytes ct(4), tag(16);
  EXPECT_TRUE(probe.se.aes_gcm_encrypt(kGcmSlot, Bytes(12, 1), {}, Bytes(4, 7), ct, tag).ok());
}

// Under the recommended access table every new command has its own limit; the library reports it,
// a request at the limit works, one byte more is refused on the host with the limit named and
// nothing reaches the chip.
TEST(StsafeGcmFlow, FrameLimitsUnderTheRecommendedTable) {
  SimRun r("stsafe-recommended-ac.json");
  model::Stsafe& chip = chip_of(r.bench());
  const Bytes key(16, 0x6B);
  put(chip, gcm_info(16, 16), key);
  ChipProbe probe(*r.target);
  core::stsafe::Stsafe& se = probe.se;
  ASSERT_TRUE(se.open_host_session(kHostMacKey, kHostCipherKey).ok());
  auto record = se.symmetric_key_slot(kGcmSlot);
  ASSERT_TRUE(record.ok());
  core::stsafe::CommandChannel& ch = se.channel();
  const auto protection = [&](uint8_t c) { return ch.protection(CommandHeader::standard(c)); };
  const auto ext = [&](uint8_t e) { return ch.protection(CommandHeader::extended(e)); };
  const auto limit = [](size_t n) { return Status::with_detail(Code::kFrameLimit, static_cast<uint16_t>(n)); };
  std::mt19937_64 rng(715);
  const Bytes iv = random_bytes(rng, 12), aad = random_bytes(rng, 16);

  // One-shot encrypt (H+C): 715 bytes of AAD + message; decrypt (H+R): 711 next to the tag.
  const size_t enc = cmd::gcm_encrypt_limits(protection(0x1B), 12, 16).aad_and_data;
  EXPECT_EQ(enc, 715u);
  Bytes message = random_bytes(rng, enc - aad.size()), ct(message.size()), tag(16);
  ASSERT_TRUE(se.aes_gcm_encrypt(kGcmSlot, iv, aad, message, ct, tag).ok());
  EXPECT_EQ(cat(ct, tag), openssl_gcm(key, iv, aad, message, 16));
  uint64_t executed = chip.commands_executed();
  Bytes longer(message.size() + 1), longer_out(message.size() + 1);
  EXPECT_EQ(se.aes_gcm_encrypt(kGcmSlot, iv, aad, longer, longer_out, tag), limit(enc));
  EXPECT_EQ(chip.commands_executed(), executed);

  const size_t dec = cmd::gcm_decrypt_limits(protection(0x1C), 12, 16).aad_and_data;
  EXPECT_EQ(dec, 711u);
  message = random_bytes(rng, dec - aad.size());
  Bytes sealed = openssl_gcm(key, iv, aad, message, 16);
  Bytes plain(message.size());
  auto ok = se.aes_gcm_decrypt(kGcmSlot, iv, aad, part(sealed, 0, message.size()),
                               part(sealed, message.size(), sealed.size()), plain);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(*ok);
  EXPECT_EQ(plain, message);
  executed = chip.commands_executed();
  EXPECT_EQ(se.aes_gcm_decrypt(kGcmSlot, iv, aad, longer, tag, longer_out).status(), limit(dec));
  EXPECT_EQ(chip.commands_executed(), executed);

  // Chunked encryption (H+C): start 716 with a 12-byte IV, process and finish 731 each.
  const size_t start = cmd::chunk_start_limits(ext(0x11), false, 12, true, false).aad_and_data;
  const size_t process = cmd::chunk_limits(ext(0x12), true, false, 16).aad_and_data;
  const size_t finish = cmd::chunk_limits(ext(0x13), true, true, 16).aad_and_data;
  EXPECT_EQ(start, 716u);
  EXPECT_EQ(process, 731u);
  EXPECT_EQ(finish, 731u);
  message = random_bytes(rng, start - aad.size() + process + finish);
  cmd::ChunkedAes op;
  executed = chip.commands_executed();
  Bytes m1 = part(message, 0, start - aad.size());
  Bytes too_long = part(message, 0, m1.size() + 1), too_long_out(too_long.size());
  EXPECT_EQ(op.start_gcm_encrypt(ch, kGcmSlot, *record, iv, aad, too_long, too_long_out), limit(start));
  EXPECT_EQ(chip.commands_executed(), executed);
  Bytes o1(m1.size()), o2(process), o3(finish), t(16);
  ASSERT_TRUE(op.start_gcm_encrypt(ch, kGcmSlot, *record, iv, aad, m1, o1).ok());
  Bytes over(process + 1), over_out(process + 1);
  EXPECT_EQ(op.process(ch, {}, over, over_out), limit(process));
  ASSERT_TRUE(op.process(ch, {}, part(message, m1.size(), m1.size() + process), o2).ok());
  over.assign(finish + 1, 0);
  over_out.assign(finish + 1, 0);
  EXPECT_EQ(op.finish_encrypt(ch, {}, over, over_out, t), limit(finish));
  ASSERT_TRUE(op.finish_encrypt(ch, {}, part(message, m1.size() + process, message.size()), o3, t).ok());
  EXPECT_EQ(cat(cat(cat(o1, o2), o3), t), openssl_gcm(key, iv, aad, message, 16));
  EXPECT_EQ(chip.commands_executed(), executed + 3) << "only the three that fit reached the chip";

  // Chunked decryption (H+R): start 723, process 742 (735 of them back under R-ENC), finish 726.
  const cmd::ChunkLimits dstart = cmd::chunk_start_limits(ext(0x14), false, 12, false, false);
  const cmd::ChunkLimits dprocess = cmd::chunk_limits(ext(0x15), false, false, 16);
  const cmd::ChunkLimits dfinish = cmd::chunk_limits(ext(0x16), false, true, 16);
  EXPECT_EQ(dstart.aad_and_data, 723u);
  EXPECT_EQ(dprocess.data, 735u);
  EXPECT_EQ(dfinish.aad_and_data, 726u);
  message = random_bytes(rng, dstart.aad_and_data - aad.size() + dprocess.data + dfinish.data);
  sealed = openssl_gcm(key, iv, aad, message, 16);
  const Bytes c = part(sealed, 0, message.size()), st = part(sealed, message.size(), sealed.size());
  const size_t a = dstart.aad_and_data - aad.size(), b = a + dprocess.data;
  Bytes p1(a), p2(dprocess.data), p3(dfinish.data);
  ASSERT_TRUE(op.start_gcm_decrypt(ch, kGcmSlot, *record, iv, aad, part(c, 0, a), p1).ok());
  over.assign(dprocess.data + 1, 0);
  over_out.assign(dprocess.data + 1, 0);
  EXPECT_EQ(op.process(ch, {}, over, over_out), limit(dprocess.data));
  ASSERT_TRUE(op.process(ch, {}, part(c, a, b), p2).ok());
  Bytes big(dfinish.data + 1);
  EXPECT_EQ(op.finish_decrypt(ch, {}, big, st, big).status(), limit(dfinish.data));
  auto verified = op.finish_decrypt(ch, {}, part(c, b, c.size()), st, p3);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(*verified);
  EXPECT_EQ(cat(cat(p1, p2), p3), message);
}

}  // namespace
}  // namespace kb::test
