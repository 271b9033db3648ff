from zhuanji.celery import app


@app.task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def send_sms_task(phone: str, text: str) -> None:
    from .sms import send_sms

    send_sms(phone, text)
