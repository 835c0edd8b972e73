from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "kasane.retention"
    verbose_name = "保存期間と廃棄"
