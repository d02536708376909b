#pragma once
// The host's half of the protocol, written for these tests from the fact sheet (sections 3 and 4)
// on the libraries directly: Crypto++, except key wrap (which Crypto++ lacks) from OpenSSL. P-256
// here is Crypto++'s, so it also checks the model's OpenSSL curve code. It calls no model code, so
// a mistake in the model's channel or key derivations cannot cancel out here.
#include <cryptopp/aes.h>
#include <cryptopp/cmac.h>
#include <cryptopp/eccrypto.h>
#include <cryptopp/hkdf.h>
#include <cryptopp/modes.h>
#include <cryptopp/oids.h>
#include <cryptopp/sha.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "hal/crypto_openssl/openssl_crypto.h"
#include "tests/unit/simulator/stsafe_a120/stsafe_harness.h"

namespace kb::sim::stsafe_a120::test_support {

using Bytes = std::vector<uint8_t>;

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline Bytes be16(size_t v) {
  return {static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}
inline Bytes be32(uint32_t v) {
  return {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 8),
          static_cast<uint8_t>(v)};
}
inline Bytes repeat(uint8_t value, size_t n) {
  return Bytes(n, value);
}
inline Bytes counting(size_t n, uint8_t from = 0) {
  Bytes out(n);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(from + i);
  return out;
}

inline Bytes aes_cmac(const Bytes& key, const Bytes& message) {
  CryptoPP::CMAC<CryptoPP::AES> mac(key.data(), key.size());
  mac.Update(message.data(), message.size());
  Bytes tag(16);
  mac.Final(tag.data());
  return tag;
}

inline Bytes aes_ecb(const Bytes& key, const Bytes& data, bool encrypt = true) {
  Bytes out(data.size());
  if (encrypt) {
    CryptoPP::ECB_Mode<CryptoPP::AES>::Encryption e(key.data(), key.size());
    e.ProcessData(out.data(), data.data(), data.size());
  } else {
    CryptoPP::ECB_Mode<CryptoPP::AES>::Decryption d(key.data(), key.size());
    d.ProcessData(out.data(), data.data(), data.size());
  }
  return out;
}

inline Bytes aes_cbc(const Bytes& key, const Bytes& iv, const Bytes& data, bool encrypt) {
  Bytes out(data.size());
  if (encrypt) {
    CryptoPP::CBC_Mode<CryptoPP::AES>::Encryption e(key.data(), key.size(), iv.data());
    e.ProcessData(out.data(), data.data(), data.size());
  } else {
    CryptoPP::CBC_Mode<CryptoPP::AES>::Decryption d(key.data(), key.size(), iv.data());
    d.ProcessData(out.data(), data.data(), data.size());
  }
  return out;
}

inline Bytes hkdf_sha256(const Bytes& salt, const Bytes& ikm, const Bytes& info, size_t length) {
  CryptoPP::HKDF<CryptoPP::SHA256> hkdf;
  Bytes out(length);
  hkdf.DeriveKey(out.data(), out.size(), ikm.data(), ikm.size(), salt.data(), salt.size(), info.data(), info.size());
  return out;
}

// RFC 3394 wrapping with the default IV, from OpenSSL (the model unwraps on Crypto++ AES).
inline Bytes aes_key_wrap(const Bytes& kek, const Bytes& plain) {
  static hal::openssl::OpensslCrypto crypto;
  Bytes out(plain.size() + 8);
  EXPECT_EQ(crypto.aes_key_wrap(kek, plain, out), hal::CryptoResult::kOk);
  return out;
}

// P-256 X | Y of a private key, and the ECDH x-coordinate.
inline Bytes p256_public(const Bytes& private_key) {
  CryptoPP::DL_GroupParameters_EC<CryptoPP::ECP> group(CryptoPP::ASN1::secp256r1());
  CryptoPP::ECP::Point q = group.ExponentiateBase(CryptoPP::Integer(private_key.data(), private_key.size()));
  Bytes out(64);
  q.x.Encode(out.data(), 32);
  q.y.Encode(out.data() + 32, 32);
  return out;
}
inline Bytes p256_shared_x(const Bytes& private_key, const Bytes& peer_xy) {
  CryptoPP::DL_GroupParameters_EC<CryptoPP::ECP> group(CryptoPP::ASN1::secp256r1());
  CryptoPP::ECP::Point p(CryptoPP::Integer(peer_xy.data(), 32), CryptoPP::Integer(peer_xy.data() + 32, 32));
  CryptoPP::ECP::Point s =
      group.GetCurve().ScalarMultiply(p, CryptoPP::Integer(private_key.data(), private_key.size()));
  Bytes out(32);
  s.x.Encode(out.data(), 32);
  return out;
}

// Fact sheet 2.4 fields.
inline Bytes p256_curve_id() {
  return hex("00 08 2A 86 48 CE 3D 03 01 07");
}
inline Bytes p256_public_key_field(const Bytes& xy) {
  return cat({hex("04 00 20"), Bytes(xy.begin(), xy.begin() + 32), hex("00 20"), Bytes(xy.begin() + 32, xy.end())});
}

// Fact sheet 4.1 step 5.
inline Bytes kdf_salt() {
  return hex("E45D4CFD2015DE9E0AA9A9F6A49F45100F99D9633FB1B2DDDBEEE675D54DE25B");
}

// Fact sheet 3.5: 80 then zeros to the next multiple of 16, at least one byte.
inline Bytes pad(Bytes data) {
  data.push_back(0x80);
  while (data.size() % 16 != 0) data.push_back(0x00);
  return data;
}

// Fact sheet 3.3 and 3.4.
inline Bytes c_mac(const Bytes& mac_key, uint32_t c, const Bytes& header, const Bytes& payload) {
  const Bytes m = cat({be32(c), hex("00 80"), repeat(0, 10), hex("00"), header, be16(payload.size()), payload});
  const Bytes tag = aes_cmac(mac_key, m);
  return Bytes(tag.begin(), tag.begin() + 4);
}
inline Bytes r_mac(const Bytes& mac_key, uint32_t c_next, const Bytes& command_header, const Bytes& command_payload,
                   uint8_t response_header, const Bytes& response_payload) {
  const Bytes m =
      cat({be32(c_next), hex("40 80"), repeat(0, 10), hex("80"), command_header, be16(command_payload.size()),
           command_payload, Bytes{response_header}, be16(response_payload.size()), response_payload});
  const Bytes tag = aes_cmac(mac_key, m);
  return Bytes(tag.begin(), tag.begin() + 4);
}
// subject 0x80 for the command IV, 0xC0 for the response IV; both with C' = C + 1.
inline Bytes channel_iv(const Bytes& cipher_key, uint32_t c_next, uint8_t subject) {
  return aes_ecb(cipher_key, cat({be32(c_next), Bytes{subject, 0x80}, repeat(0, 10)}));
}

// Protected header byte(s): the command byte with bits 7..5 set (fact sheet 1.2, 3.3).
inline Bytes protected_header(const Bytes& header) {
  Bytes h = header;
  h[0] = static_cast<uint8_t>(h[0] | 0xE0);
  return h;
}

// A host with a host key and its copy of the C-MAC counter, following the host library's rules.
struct HostChannel {
  Bytes mac_key;
  Bytes cipher_key;
  uint32_t counter = 0;

  // header = the unprotected command byte(s), e.g. {0x09} or {0x1F, 0x0B}.
  Bytes frame(const Bytes& header, const Bytes& payload, bool encrypt_command = false) const {
    const Bytes h = protected_header(header);
    const Bytes sent =
        encrypt_command ? aes_cbc(cipher_key, channel_iv(cipher_key, counter + 1, 0x80), pad(payload), true) : payload;
    return with_crc(cat({h, sent, c_mac(mac_key, counter, h, sent)}));
  }

  struct Reply {
    uint8_t status = 0xFF;
    Bytes payload;  // R-MAC removed, decrypted when the response was encrypted
  };

  // Sends a protected command and checks the answer as the host library would: CRC, then for
  // status 0 the 0x40 header and the R-MAC; the counter advances unless the chip answered
  // INVALID_C_MAC or COMMUNICATION_ERROR (fact sheet 3.4).
  Reply exchange(StsafeOnBus& bus, const Bytes& header, const Bytes& payload, bool encrypt_command = false,
                 bool encrypt_response = false) {
    const Bytes wire = frame(header, payload, encrypt_command);
    const Bytes sent(wire.begin() + static_cast<long>(header.size()), wire.end() - 6);
    const Bytes r = bus.transact(wire);
    Reply reply;
    if (r.size() < 5) {
      ADD_FAILURE() << "no response";
      return reply;
    }
    const Bytes covered = cat({Bytes{r[0]}, Bytes(r.begin() + 3, r.end() - 2)});
    EXPECT_EQ(with_crc(covered), cat({Bytes{r[0]}, Bytes(r.begin() + 3, r.end())})) << "response CRC";
    reply.status = r[0] & 0x1F;
    if (reply.status != 0x00) {
      EXPECT_EQ(r.size(), 5u) << "an error carries no payload and no R-MAC";
      if (reply.status != 0x16 && reply.status != 0x01) ++counter;
      return reply;
    }
    EXPECT_EQ(r[0], 0x40) << "a protected success has the R-MAC bit";
    Bytes body(r.begin() + 3, r.end() - 2);
    if (body.size() < 4) {
      ADD_FAILURE() << "no R-MAC";
      return reply;
    }
    const Bytes rmac(body.end() - 4, body.end());
    // erase, not resize: GCC 12 under ASan cannot prove the shrinking resize in bounds.
    body.erase(body.end() - 4, body.end());
    EXPECT_EQ(rmac, r_mac(mac_key, counter + 1, protected_header(header), sent, r[0], body)) << "R-MAC";
    if (encrypt_response && !body.empty()) {
      Bytes plain = aes_cbc(cipher_key, channel_iv(cipher_key, counter + 1, 0xC0), body, false);
      while (!plain.empty() && plain.back() == 0x00) plain.pop_back();
      EXPECT_FALSE(plain.empty());
      EXPECT_EQ(plain.back(), 0x80) << "response padding";
      if (!plain.empty()) plain.pop_back();
      body = plain;
    }
    ++counter;
    reply.payload = body;
    return reply;
  }
};

}  // namespace kb::sim::stsafe_a120::test_support
