#include "pin_prompt.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <string>

namespace kyso::cli {

keys::PinSource terminal_pin_source() {
    return [](const keys::PinRequest& request) -> Result<SecretString> {
        const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
        if (fd < 0)
            return fail(Errc::pin_required, "a PIN is needed for '" + request.label +
                                                "' and there is no terminal to ask on (use pin-source= or --pass)");
        std::string prompt = request.kind == keys::PinRequest::Kind::pkcs12_passphrase
                                 ? "Passphrase for " + request.label + ": "
                                 : "PIN for token '" + request.label + "': ";
        (void)!::write(fd, prompt.data(), prompt.size());
        termios old{};
        const bool tty = ::tcgetattr(fd, &old) == 0;
        if (tty) {
            termios quiet = old;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            ::tcsetattr(fd, TCSAFLUSH, &quiet);
        }
        std::string pin;
        char c = 0;
        while (::read(fd, &c, 1) == 1 && c != '\n' && c != '\r')
            pin += c;
        if (tty) ::tcsetattr(fd, TCSAFLUSH, &old);
        (void)!::write(fd, "\n", 1);
        ::close(fd);
        SecretString secret(std::move(pin));
        return secret;
    };
}

}  // namespace kyso::cli
