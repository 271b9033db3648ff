"""Path converters. `<id:pk>` is every object id in a URL: at most 18 digits, so it always fits the 64-bit
signed bigint of a primary key; a longer number is a 404 from the resolver, never an overflow in the database
(issue 10 §3). Registered in CommonConfig.ready(), before any URLconf is read."""


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))
