#include "tools/server/serve_loop.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <boost/asio.hpp>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstring>
#include <memory>
#include <type_traits>

namespace kb::tools::server {

namespace asio = boost::asio;
using hal::remote::kMaxFrameBytes;
using hal::remote::Status;

namespace {

// One client: read a frame header, its body, answer, again. Lives as long as a handler holds it.
template <typename Socket>
class Connection : public std::enable_shared_from_this<Connection<Socket>> {
 public:
  Connection(Socket socket, BenchServer& server, size_t& clients, std::chrono::nanoseconds idle)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), server_(server), clients_(clients), idle_(idle) {
    ++clients_;
  }
  ~Connection() { --clients_; }

  void start() { read_header(); }

  // Over the client limit: one kBusy response, then close.
  void refuse_busy(size_t limit) {
    respond(hal::remote::error_body(Status::kBusy, "the server serves at most " + std::to_string(limit) + " clients"),
            true);
  }

 private:
  // The idle timeout: armed while the server waits for (the rest of) a request, cancelled while
  // one is applied and answered. On expiry the socket is closed, so the pending read fails and a
  // half-received frame is dropped undecoded.
  void arm_idle_timer() {
    if (idle_.count() <= 0) return;
    timer_.expires_after(idle_);
    std::weak_ptr<Connection> weak = this->shared_from_this();
    // A wait that had already expired when it was cancelled still runs with no error: the
    // generation tells it apart from the wait now in force.
    timer_.async_wait([weak, generation = ++generation_](boost::system::error_code ec) {
      if (ec) return;  // cancelled or re-armed
      auto self = weak.lock();
      if (self && self->generation_ == generation) self->close();
    });
  }

  void cancel_idle_timer() {
    ++generation_;
    timer_.cancel();
  }

  void close() {
    boost::system::error_code ignored;
    cancel_idle_timer();
    socket_.shutdown(asio::socket_base::shutdown_both, ignored);
    socket_.close(ignored);
  }

  void read_header() {
    auto self = this->shared_from_this();
    arm_idle_timer();
    asio::async_read(socket_, asio::buffer(header_), [self](boost::system::error_code ec, size_t) {
      if (ec) {
        self->cancel_idle_timer();
        return;  // closed, mid-header or not: nothing was decoded, nothing applied
      }
      self->cancel_idle_timer();
      const uint32_t length = static_cast<uint32_t>(self->header_[0]) | static_cast<uint32_t>(self->header_[1]) << 8 |
                              static_cast<uint32_t>(self->header_[2]) << 16 |
                              static_cast<uint32_t>(self->header_[3]) << 24;
      if (length == 0) {
        self->respond(hal::remote::error_body(Status::kMalformed, "an empty frame"), false);
        return;
      }
      if (length > kMaxFrameBytes) {
        // The body is not read, so the stream cannot be resynchronised: answer, then close.
        self->respond(hal::remote::error_body(Status::kTooLarge, "a frame of " + std::to_string(length) +
                                                                     " bytes is over the bound of " +
                                                                     std::to_string(kMaxFrameBytes)),
                      true);
        return;
      }
      self->body_.resize(length);
      self->read_body();
    });
  }

  void read_body() {
    auto self = this->shared_from_this();
    arm_idle_timer();
    asio::async_read(socket_, asio::buffer(body_), [self](boost::system::error_code ec, size_t) {
      self->cancel_idle_timer();
      if (ec) return;  // a truncated (or timed-out) frame is never handled
      std::vector<uint8_t> response = self->server_.handle(self->session_, self->body_);
      self->body_.clear();
      self->body_.shrink_to_fit();
      self->respond(std::move(response), self->session_.close_after_response);
    });
  }

  void respond(std::vector<uint8_t> body, bool close_after) {
    out_ = hal::remote::frame(body);
    auto self = this->shared_from_this();
    asio::async_write(socket_, asio::buffer(out_), [self, close_after](boost::system::error_code ec, size_t) {
      // A client gone before reading its answer: the request was applied whole, the bench is consistent.
      if (ec || close_after) {
        self->close();
        return;
      }
      self->read_header();
    });
  }

  Socket socket_;
  asio::steady_timer timer_;
  BenchServer& server_;
  size_t& clients_;
  std::chrono::nanoseconds idle_;
  uint64_t generation_ = 0;
  Session session_;
  std::array<uint8_t, 4> header_{};
  std::vector<uint8_t> body_;
  std::vector<uint8_t> out_;
};

template <typename Acceptor>
void accept_loop(Acceptor& acceptor, BenchServer& server, size_t& clients, size_t max_clients,
                 std::chrono::nanoseconds idle) {
  acceptor.async_accept([&acceptor, &server, &clients, max_clients, idle](
                            boost::system::error_code ec, typename Acceptor::protocol_type::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) {
      if constexpr (std::is_same_v<typename Acceptor::protocol_type, asio::ip::tcp>) {
        // One small request waits for one small response: no Nagle delay.
        boost::system::error_code ignored;
        socket.set_option(asio::ip::tcp::no_delay(true), ignored);
      }
      const bool full = clients >= max_clients;
      auto connection = std::make_shared<Connection<typename Acceptor::protocol_type::socket>>(std::move(socket),
                                                                                               server, clients, idle);
      if (full) {
        connection->refuse_busy(max_clients);
      } else {
        connection->start();
      }
    }
    accept_loop(acceptor, server, clients, max_clients, idle);
  });
}

// A socket file left by a server that died: nobody accepts on it.
bool is_stale_socket(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.data(), path.size());
  const bool refused = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 && errno == ECONNREFUSED;
  ::close(fd);
  return refused;
}

void prepare_unix_path(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    throw std::runtime_error(path + ": " + std::strerror(errno));
  }
  if (!S_ISSOCK(st.st_mode)) throw std::runtime_error(path + ": exists and is not a socket; refusing to replace it");
  if (!is_stale_socket(path)) throw std::runtime_error(path + ": another server is listening on it");
  if (::unlink(path.c_str()) != 0)
    throw std::runtime_error(path + ": cannot remove the stale socket: " + std::strerror(errno));
}

void wait_for_signal(asio::io_context& io, asio::signal_set& signals, const LoopOptions& options, int& code) {
  signals.async_wait([&io, &options, &code](boost::system::error_code ec, int) {
    if (ec) return;
    code = options.on_stop ? options.on_stop() : 0;
    io.stop();
  });
}

}  // namespace

Listen parse_listen(const std::string& text) {
  Listen l;
  if (text.rfind("unix:", 0) == 0) {
    l.path = text.substr(5);
    if (l.path.empty()) throw std::invalid_argument("--listen unix: needs a socket path");
    if (l.path.size() >= sizeof(sockaddr_un{}.sun_path))
      throw std::invalid_argument("--listen: socket path over 107 bytes");
    return l;
  }
  if (text.rfind("tcp:", 0) == 0) {
    l.kind = Listen::Kind::kTcp;
    const std::string rest = text.substr(4);
    const size_t colon = rest.rfind(':');
    if (colon == std::string::npos || colon == 0) throw std::invalid_argument("--listen tcp: needs HOST:PORT");
    l.host = rest.substr(0, colon);
    if (l.host.size() > 2 && l.host.front() == '[' && l.host.back() == ']')
      l.host = l.host.substr(1, l.host.size() - 2);
    if (l.host == "localhost") l.host = "127.0.0.1";
    const std::string port = rest.substr(colon + 1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value > 65535) {
      throw std::invalid_argument("--listen: port '" + port + "' is not 0..65535");
    }
    l.port = static_cast<uint16_t>(value);
    boost::system::error_code bad;
    (void)asio::ip::make_address(l.host, bad);
    if (bad) throw std::invalid_argument("--listen: '" + l.host + "' is not a numeric IP address");
    return l;
  }
  throw std::invalid_argument("--listen '" + text + "': expected unix:PATH or tcp:HOST:PORT");
}

int serve(BenchServer& server, const Listen& listen, const LoopOptions& options) {
  // Before the io_context: the handlers it destroys last still hold connections, whose destructors
  // count themselves out of `clients`.
  size_t clients = 0;
  asio::io_context io;
  asio::signal_set signals(io, SIGTERM, SIGINT);
  int code = 0;
  wait_for_signal(io, signals, options, code);
  if (listen.kind == Listen::Kind::kUnix) {
    prepare_unix_path(listen.path);
    asio::local::stream_protocol::acceptor acceptor(io);
    acceptor.open(asio::local::stream_protocol());
    {
      // Created 0600 from the start: no window in which another user could connect.
      const mode_t old = ::umask(0177);
      boost::system::error_code ec;
      acceptor.bind(asio::local::stream_protocol::endpoint(listen.path), ec);
      ::umask(old);
      if (ec) throw std::runtime_error("--listen unix:" + listen.path + ": " + ec.message());
    }
    ::chmod(listen.path.c_str(), 0600);
    acceptor.listen();
    struct Unlink {
      std::string path;
      ~Unlink() { ::unlink(path.c_str()); }
    } unlink_on_exit{listen.path};
    accept_loop(acceptor, server, clients, options.max_clients, options.idle_timeout);
    if (options.on_listening) options.on_listening("unix:" + listen.path);
    io.run();
    return code;
  }
  const asio::ip::address address = asio::ip::make_address(listen.host);
  if (!address.is_loopback() && !options.allow_remote) {
    throw std::runtime_error("--listen tcp:" + listen.host +
                             ": not a loopback address; --allow-remote (with --token-file) "
                             "serves other machines");
  }
  asio::ip::tcp::acceptor acceptor(io);
  asio::ip::tcp::endpoint endpoint(address, listen.port);
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  boost::system::error_code ec;
  acceptor.bind(endpoint, ec);
  if (ec)
    throw std::runtime_error("--listen tcp:" + listen.host + ":" + std::to_string(listen.port) + ": " + ec.message());
  acceptor.listen();
  accept_loop(acceptor, server, clients, options.max_clients, options.idle_timeout);
  const auto bound = acceptor.local_endpoint();
  std::string host = bound.address().to_string();
  if (bound.address().is_v6()) host = "[" + host + "]";
  if (options.on_listening) options.on_listening("tcp:" + host + ":" + std::to_string(bound.port()));
  io.run();
  return code;
}

}  // namespace kb::tools::server
