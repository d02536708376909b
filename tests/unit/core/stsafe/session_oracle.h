#pragma once
// The test's own reading of fact sheet section 3, written straight from its formulas with the
// platform crypto and no code from core/stsafe: used to build protected responses the scripted
// chip sends, so the host library is checked against an independent computation (the formulas
// themselves are pinned by the 3.6 vectors in host_session_test).
#include <array>
#include <cstdint>
#include <vector>

#include "hal/crypto.h"
#include "tests/unit/core/stsafe/scripted_stsafe.h"

namespace kb::test {

class SessionOracle {
 public:
  SessionOracle(hal::Crypto& crypto, Bytes mac_key, Bytes cipher_key)
      : crypto_(crypto), mac_key_(std::move(mac_key)), cipher_key_(std::move(cipher_key)) {}

  // C' | 40 | 80 | 00x10 | 80 | command header(s) | len | command body | response header | len | body
  Bytes r_mac(uint32_t counter, const Bytes& command_header, const Bytes& command_body, uint8_t response_header,
              const Bytes& response_body) const {
    Bytes m = block(counter, 0x40);
    m.push_back(0x80);
    append(m, command_header);
    append_field(m, command_body);
    m.push_back(response_header);
    append_field(m, response_body);
    return mac4(m);
  }

  Bytes c_mac(uint32_t counter, const Bytes& header, const Bytes& body) const {
    Bytes m = block(counter, 0x00);
    m.push_back(0x00);
    append(m, header);
    append_field(m, body);
    return mac4(m);
  }

  // AES-CBC under IV = ECB(counter | subject | 80 | 00x10), after `80 00..` padding.
  Bytes encrypt(uint32_t counter, uint8_t subject, const Bytes& plain) const {
    Bytes padded = plain;
    padded.push_back(0x80);
    while (padded.size() % 16 != 0) padded.push_back(0x00);
    Bytes iv(16);
    EXPECT_EQ(crypto_.aes_ecb_encrypt(cipher_key_, block(counter, subject), iv), hal::CryptoResult::kOk);
    Bytes out(padded.size());
    EXPECT_EQ(crypto_.aes_cbc_encrypt(cipher_key_, iv, padded, out), hal::CryptoResult::kOk);
    return out;
  }

  // A protected OK response: header 0x40, `body` (already encrypted if it should be), R-MAC.
  Bytes response(uint32_t counter, const Bytes& command_header, const Bytes& command_body, const Bytes& body,
                 uint8_t header = 0x40) const {
    return response_wire(header, concat({body, r_mac(counter, command_header, command_body, header, body)}));
  }

 private:
  static Bytes block(uint32_t counter, uint8_t subject) {
    Bytes b(16, 0x00);
    b[0] = static_cast<uint8_t>(counter >> 24);
    b[1] = static_cast<uint8_t>(counter >> 16);
    b[2] = static_cast<uint8_t>(counter >> 8);
    b[3] = static_cast<uint8_t>(counter);
    b[4] = subject;
    b[5] = 0x80;
    return b;
  }
  static void append_field(Bytes& m, const Bytes& body) {
    m.push_back(static_cast<uint8_t>(body.size() >> 8));
    m.push_back(static_cast<uint8_t>(body.size() & 0xFF));
    append(m, body);
  }
  Bytes mac4(const Bytes& m) const {
    Bytes tag(16);
    EXPECT_EQ(crypto_.aes_cmac(mac_key_, m, tag), hal::CryptoResult::kOk);
    tag.resize(4);
    return tag;
  }

  hal::Crypto& crypto_;
  Bytes mac_key_;
  Bytes cipher_key_;
};

}  // namespace kb::test
