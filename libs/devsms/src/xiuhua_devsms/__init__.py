"""The local SMS provider of `make run` and the tests (like Mailpit for e-mail).

It answers Aliyun's and Tencent Cloud's SendSms as they are documented (signature checked, numbers,
parameter lengths and per-number limits enforced), posts their delivery receipts back, keeps what it
"sent" in Redis and shows it, login codes included, at ``/dev/sms/``. It runs only when
``XIUHUA_DEV_SMS_INBOX=1``; the compose and Kubernetes settings never set it.
"""
