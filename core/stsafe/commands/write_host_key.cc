#include "core/stsafe/commands/write_host_key.h"

#include "core/stsafe/command_codes.h"

namespace kb::core::stsafe::commands {

namespace {
// Three reserved bytes precede the key type in ST's layout; they are always zero.
constexpr uint8_t kReserved[3] = {0x00, 0x00, 0x00};
}  // namespace

Status write_host_key_plaintext(Transport& transport, HostKeyType type, std::span<const uint8_t> mac_key,
                                std::span<const uint8_t> cipher_key) {
  if (type != HostKeyType::kAes128 && type != HostKeyType::kAes256) return Code::kInvalidArgument;
  const size_t key_length = host_key_length(type);
  if (mac_key.size() != key_length || cipher_key.size() != key_length) return Code::kInvalidArgument;
  auto frame =
      CommandFrameBuilder(transport.command_buffer(), CommandHeader::extended(extended_code::kWriteHostKeyV2Plaintext))
          .bytes(kReserved)
          .byte(static_cast<uint8_t>(type))
          .bytes(mac_key)
          .bytes(cipher_key)
          .finish();
  if (!frame.ok()) return frame.status();
  return transport.transfer(*frame, expect_exactly(0)).status();
}

}  // namespace kb::core::stsafe::commands
