# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'group_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QPushButton, QSizePolicy,
    QVBoxLayout, QWidget)

class Ui_GroupDialog(object):
    def setupUi(self, GroupDialog):
        if not GroupDialog.objectName():
            GroupDialog.setObjectName(u"GroupDialog")
        GroupDialog.resize(560, 560)
        self.verticalLayout = QVBoxLayout(GroupDialog)
        self.verticalLayout.setObjectName(u"verticalLayout")
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.nameLabel = QLabel(GroupDialog)
        self.nameLabel.setObjectName(u"nameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(GroupDialog)
        self.nameEdit.setObjectName(u"nameEdit")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.noteLabel = QLabel(GroupDialog)
        self.noteLabel.setObjectName(u"noteLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.noteLabel)

        self.noteEdit = QLineEdit(GroupDialog)
        self.noteEdit.setObjectName(u"noteEdit")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.noteEdit)

        self.filterLabel = QLabel(GroupDialog)
        self.filterLabel.setObjectName(u"filterLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.filterLabel)

        self.filterEdit = QLineEdit(GroupDialog)
        self.filterEdit.setObjectName(u"filterEdit")
        self.filterEdit.setClearButtonEnabled(True)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.filterEdit)


        self.verticalLayout.addLayout(self.formLayout)

        self.memberList = QListWidget(GroupDialog)
        self.memberList.setObjectName(u"memberList")

        self.verticalLayout.addWidget(self.memberList)

        self.quickRow = QHBoxLayout()
        self.quickRow.setObjectName(u"quickRow")
        self.communesButton = QPushButton(GroupDialog)
        self.communesButton.setObjectName(u"communesButton")
        self.communesButton.setAutoDefault(False)

        self.quickRow.addWidget(self.communesButton)

        self.departmentsButton = QPushButton(GroupDialog)
        self.departmentsButton.setObjectName(u"departmentsButton")
        self.departmentsButton.setAutoDefault(False)

        self.quickRow.addWidget(self.departmentsButton)

        self.noneButton = QPushButton(GroupDialog)
        self.noneButton.setObjectName(u"noneButton")
        self.noneButton.setAutoDefault(False)

        self.quickRow.addWidget(self.noneButton)


        self.verticalLayout.addLayout(self.quickRow)

        self.countLabel = QLabel(GroupDialog)
        self.countLabel.setObjectName(u"countLabel")

        self.verticalLayout.addWidget(self.countLabel)

        self.formError = QLabel(GroupDialog)
        self.formError.setObjectName(u"formError")
        self.formError.setWordWrap(True)

        self.verticalLayout.addWidget(self.formError)

        self.buttonBox = QDialogButtonBox(GroupDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.verticalLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.nameEdit)
        self.noteLabel.setBuddy(self.noteEdit)
        self.filterLabel.setBuddy(self.filterEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.nameEdit, self.noteEdit)
        QWidget.setTabOrder(self.noteEdit, self.filterEdit)
        QWidget.setTabOrder(self.filterEdit, self.memberList)

        self.retranslateUi(GroupDialog)

        QMetaObject.connectSlotsByName(GroupDialog)
    # setupUi

    def retranslateUi(self, GroupDialog):
        GroupDialog.setWindowTitle(QCoreApplication.translate("GroupDialog", u"Nh\u00f3m \u0111\u01a1n v\u1ecb", None))
        self.nameLabel.setText(QCoreApplication.translate("GroupDialog", u"&T\u00ean nh\u00f3m:", None))
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("GroupDialog", u"V\u00ed d\u1ee5: UBND c\u00e1c x\u00e3, th\u1ecb tr\u1ea5n", None))
        self.noteLabel.setText(QCoreApplication.translate("GroupDialog", u"&Ghi ch\u00fa:", None))
        self.filterLabel.setText(QCoreApplication.translate("GroupDialog", u"&L\u1ecdc \u0111\u01a1n v\u1ecb:", None))
        self.filterEdit.setPlaceholderText(QCoreApplication.translate("GroupDialog", u"G\u00f5 kh\u00f4ng d\u1ea5u c\u0169ng \u0111\u01b0\u1ee3c", None))
        self.communesButton.setText(QCoreApplication.translate("GroupDialog", u"Ch\u1ecdn t\u1ea5t c\u1ea3 x\u00e3, ph\u01b0\u1eddng, th\u1ecb tr\u1ea5n", None))
        self.departmentsButton.setText(QCoreApplication.translate("GroupDialog", u"Ch\u1ecdn t\u1ea5t c\u1ea3 ph\u00f2ng, ban", None))
        self.noneButton.setText(QCoreApplication.translate("GroupDialog", u"B\u1ecf ch\u1ecdn h\u1ebft", None))
        self.countLabel.setText("")
        self.formError.setText("")
    # retranslateUi

