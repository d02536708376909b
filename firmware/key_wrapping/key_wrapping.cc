#include "firmware/key_wrapping/key_wrapping.h"

#include <array>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/stsafe.h"
#include "firmware/console_format.h"
#include "firmware/wrapped_cmac/wrapped_key_steps.h"

namespace kb::fw {

namespace {

using core::Code;
using core::Status;
using core::stsafe::CommandHeader;
using core::stsafe::LocalEnvelopeKeyType;

constexpr size_t kDefaultPayloadBytes = 16;
constexpr uint8_t kAccessConditionNotSatisfied = 0x11;
constexpr const char* kRule =
    "----------------------------------------------------------------------------------------------------------------"
    "\n";

void print_banner(hal::Console& c) {
  c.write(kRule);
  c.write(
      "-                                    STSAFE-A120 key wrapping Example                                          "
      "-\n");
  c.write(kRule);
  c.write(
      "- This example illustrates STSAFE-A120 key wrapping process.                                                   "
      "-\n");
  c.write(kRule);
}

void print_unprotected_warning(hal::Console& c) {
  c.write("\n");
  c.write(kRule);
  c.write(
      "-                                          !!!!! WARNING !!!!!                                                 "
      "-\n");
  c.write(kRule);
  c.write(
      "-           To avoid any leakage of secret through communication bus during wrap or unwrap process,            "
      "-\n");
  c.write(
      "-                        it's recommended to provision command access condition                                "
      "-\n");
  c.write(kRule);
}

const char* key_name(LocalEnvelopeKeyType type) {
  return type == LocalEnvelopeKeyType::kAes256 ? "AES-256" : "AES-128";
}

// The wrap/unwrap key of `slot`: kept when the table shows one, generated otherwise.
Status ensure_wrap_key(hal::Console& c, core::stsafe::Stsafe& se, uint8_t slot, LocalEnvelopeKeyType type) {
  auto table = se.query_local_envelope_key_table();
  if (!table.ok()) return wrapped::report(c, "stsafea_query_local_envelope_key_table", table.status());
  for (size_t i = 0; i < table->count; ++i) {
    const core::stsafe::LocalEnvelopeKeySlotInfo& entry = table->slots[i];
    if (entry.slot != slot || !entry.present) continue;
    c.print(" - %s wrap/unwrap key already present in slot %u\n", key_name(entry.type), static_cast<unsigned>(slot));
    return Code::kOk;
  }
  Status s = se.generate_wrap_unwrap_key(slot, type);
  // ST's example reads "access condition not satisfied" as a key that is already there.
  if (s.code() == Code::kDeviceStatus && s.device_status() == kAccessConditionNotSatisfied) {
    c.print(" - wrap/unwrap key already present in slot %u\n", static_cast<unsigned>(slot));
    return Code::kOk;
  }
  if (!s.ok()) return wrapped::report(c, "stsafea_generate_wrap_unwrap_key", s);
  c.print(" - new %s wrap/unwrap key generated in slot %u\n", key_name(type), static_cast<unsigned>(slot));
  return Code::kOk;
}

}  // namespace

Status run_key_wrapping(hal::Platform& platform, const KeyWrappingOptions& options) {
  hal::Console& c = platform.console;
  std::array<uint8_t, kDefaultPayloadBytes> default_payload{};
  for (size_t i = 0; i < default_payload.size(); ++i) default_payload[i] = static_cast<uint8_t>(i);
  const std::span<const uint8_t> payload =
      options.payload.empty() ? std::span<const uint8_t>(default_payload) : options.payload;
  if (payload.size() > core::stsafe::kMaxWrapPayloadBytes) {
    c.print("\n ## the payload must be 1 to %u bytes\n", static_cast<unsigned>(core::stsafe::kMaxWrapPayloadBytes));
    return Code::kInvalidArgument;
  }
  wrapped::HostKeys host{options.host_key_type, options.host_mac_key, options.host_cipher_key};
  KB_TRY(wrapped::resolve_host_keys(c, host));

  print_banner(c);
  c.write("\n - Initialize target STSAFE-A120\n");
  core::stsafe::Stsafe se(platform.i2c, platform.clock, platform.crypto, options.address7);
  if (Status s = se.init(); !s.ok()) return wrapped::report(c, "stse_init", s);

  const core::stsafe::Protection wrap =
      se.channel().protection(CommandHeader::standard(core::stsafe::command_code::kWrapLocalEnvelope));
  const core::stsafe::Protection unwrap =
      se.channel().protection(CommandHeader::standard(core::stsafe::command_code::kUnwrapLocalEnvelope));
  // ST's example warns unless wrap is C-MAC'd with its command encrypted and unwrap C-MAC'd with its
  // response encrypted.
  if (!wrap.command_encrypted || !unwrap.response_encrypted) print_unprotected_warning(c);

  KB_TRY(ensure_wrap_key(c, se, options.slot, options.key_type));

  c.write("\n - Plain-text buffer to be wrapped  :\n");
  print_hex_line(c, payload);

  if (wrap.any() || unwrap.any()) KB_TRY(wrapped::ensure_host_session(c, se, host));

  std::array<uint8_t, core::stsafe::kMaxWrapPayloadBytes + core::stsafe::kEnvelopeOverheadBytes> envelope_buffer{};
  const std::span<uint8_t> envelope =
      std::span<uint8_t>(envelope_buffer).first(payload.size() + core::stsafe::kEnvelopeOverheadBytes);
  if (Status s = se.wrap_local_envelope(options.slot, payload, envelope); !s.ok()) {
    return wrapped::report(c, "stsafea_wrap_payload", s);
  }
  c.print("\n - Wrapped buffer (%u bytes) :\n", static_cast<unsigned>(envelope.size()));
  print_hex_line(c, envelope);

  std::array<uint8_t, core::stsafe::kMaxWrapPayloadBytes> unwrapped_buffer{};
  const std::span<uint8_t> unwrapped = std::span<uint8_t>(unwrapped_buffer).first(payload.size());
  if (Status s = se.unwrap_local_envelope(options.slot, envelope, unwrapped); !s.ok()) {
    return wrapped::report(c, "stsafea_unwrap_payload", s);
  }
  c.write("\n - Un-wrapped buffer  :\n");
  print_hex_line(c, unwrapped);
  se.close_host_session();

  bool same = true;
  for (size_t i = 0; i < payload.size(); ++i) same = same && unwrapped[i] == payload[i];
  if (!same) {
    c.print("\n ## WRAP UNWRAP MESSAGES COMPARE ERROR (%u)\n", static_cast<unsigned>(payload.size()));
    return Code::kResponseMac;
  }
  c.write("\n - Unwrapped buffer matches the plain-text buffer: SUCCESS\n");
  return Status();
}

}  // namespace kb::fw
