"""The development SMS inbox (like Mailpit for e-mail): the SMS gateway of `make run`.

It consumes ``xiuhua.notification.sms.requested.v1``, keeps the last messages in Redis and shows
them, login codes included, at ``/dev/sms/``. It runs only when ``XIUHUA_DEV_SMS_INBOX=1``; the
compose and Kubernetes settings never set it.
"""
